package io.screentrail.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.input.Modifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule matching, validation, the hotkey, the canonical hash and the policy file. */
class PolicyTest {

  @TempDir Path tmp;

  @Test
  void allowedClassMatchesClassOrInstanceIgnoringCase() {
    Policy p = Policy.builder().allow("DesignatedTerm").build();
    assertThat(p.designated("xterm", "DesignatedTerm", "bash")).isTrue();
    assertThat(p.designated("designatedterm", "Other", null)).isTrue();
    assertThat(p.designated("xterm", "XTerm", "bash")).isFalse();
    assertThat(p.designated(null, null, null)).isFalse();
    assertThat(p.restrictsWindows()).isTrue();
  }

  @Test
  void aTitlePatternNarrowsTheRule() {
    Policy p = Policy.builder().allow("firefox:Jira|Confluence").build();
    assertThat(p.designated("Navigator", "firefox", "PROJ-1 - Jira")).isTrue();
    assertThat(p.designated("Navigator", "firefox", "Inbox - Gmail")).isFalse();
    assertThat(p.usesTitles()).isTrue();
  }

  @Test
  void aDeniedApplicationLosesEvenWhenAllowed() {
    Policy p = Policy.builder().allow("*").deny("KeePassXC").deny("firefox:Private").build();
    assertThat(p.designated("xterm", "XTerm", "bash")).isTrue();
    assertThat(p.designated("keepassxc", "KeePassXC", "db")).isFalse();
    assertThat(p.designated("Navigator", "firefox", "Mozilla Firefox Private Browsing"))
        .isFalse();
    Policy denyOnly = Policy.builder().deny("KeePassXC").build();
    assertThat(denyOnly.designated("xterm", "XTerm", "bash")).isTrue();
    assertThat(denyOnly.designated("keepassxc", "KeePassXC", null)).isFalse();
  }

  @Test
  void noRulesDesignateEverything() {
    Policy p = Policy.builder().purpose("training").build();
    assertThat(p.restrictsWindows()).isFalse();
    assertThat(p.designated("a", "B", "c")).isTrue();
  }

  @Test
  void passwordTitlesMatchWholeWords() {
    Policy p = Policy.builder().build();
    assertThat(p.passwordTitle("sudo apt-get install")).isTrue();
    assertThat(p.passwordTitle("Enter Passphrase")).isTrue();
    assertThat(p.passwordTitle("Sign in - Google Accounts")).isTrue();
    assertThat(p.passwordTitle("pseudorandom notes")).isFalse();
    assertThat(p.passwordTitle(null)).isFalse();
  }

  @Test
  void pauseHotkeyParsesModifiersAndOneKey() {
    Policy p = Policy.builder().pauseHotkey("Ctrl+Alt+P").build();
    assertThat(p.pauseHotkey()).isEqualTo("ctrl+alt+p");
    assertThat(p.isPauseHotkey("p", Modifiers.CTRL | Modifiers.ALT)).isTrue();
    assertThat(p.isPauseHotkey("p", Modifiers.CTRL)).isFalse();
    assertThat(p.isPauseHotkey("p", Modifiers.CTRL | Modifiers.ALT | Modifiers.SHIFT)).isFalse();
    assertThat(p.isPauseHotkey("o", Modifiers.CTRL | Modifiers.ALT)).isFalse();
    assertThatThrownBy(() -> Policy.builder().pauseHotkey("p"))
        .hasMessageContaining("pauseHotkey needs ctrl, alt or meta").hasMessageContaining("'p'");
    assertThatThrownBy(() -> Policy.builder().pauseHotkey("ctrl+a+b"))
        .hasMessageContaining("'ctrl+a+b'");
  }

  @Test
  void invalidValuesAreNamed() {
    assertThatThrownBy(() -> Policy.builder().allow("firefox:(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title pattern '(unclosed' of application firefox");
    assertThatThrownBy(() -> Policy.builder().allow(" "))
        .hasMessageContaining("window class must not be blank");
    assertThatThrownBy(() -> Policy.builder().purpose(" "))
        .hasMessageContaining("purpose must not be blank");
    assertThatThrownBy(() -> Policy.builder().passwordTitles("["))
        .hasMessageContaining("passwordTitles '['");
  }

  @Test
  void theHashIdentifiesTheRules() {
    Policy a = Policy.builder().allow("XTerm").purpose("p").build();
    Policy same = Policy.builder().allow("XTerm").purpose("p").build();
    Policy other = Policy.builder().allow("XTerm").purpose("p").maskAllTyping(true).build();
    assertThat(a.hash()).matches("sha256:[0-9a-f]{64}").isEqualTo(same.hash());
    assertThat(other.hash()).isNotEqualTo(a.hash());
    assertThat(a.rules()).containsKeys("allow", "deny", "maskAllTyping", "passwordTitles",
        "pauseHotkey", "purpose");
  }

  @Test
  void pythonRecomputesTheHashFromTheRulesAsFormatMdSays() throws Exception {
    assumeTrue(io.screentrail.testing.XvfbServer.onPath("python3"), "needs python3");
    Policy p = Policy.builder().allow("firefox:Jira\\s/ \"board\"").deny("KeePassXC")
        .purpose("entraîner l'agent — support").pauseHotkey("ctrl+alt+p").build();
    Process py = new ProcessBuilder("python3", "-c", "import json,hashlib,sys;"
        + "r=json.loads(sys.stdin.buffer.read().decode('utf-8'));"
        + "print('sha256:'+hashlib.sha256(json.dumps(r,separators=(',',':'),"
        + "ensure_ascii=False).encode('utf-8')).hexdigest())").start();
    try (var in = py.getOutputStream()) {
      in.write(io.screentrail.internal.json.Json.writePretty(p.rules())
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String out = new String(py.getInputStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8).trim();
    assertThat(py.waitFor()).isZero();
    assertThat(out).isEqualTo(p.hash());
  }

  @Test
  void aPolicyFileGivesTheSamePolicyAsTheBuilder() throws IOException {
    Path f = Files.writeString(tmp.resolve("policy.json"), """
        {"purpose": "train a support agent",
         "allow": ["XTerm", {"class": "firefox", "title": "Jira"}],
         "deny": ["KeePassXC"],
         "maskAllTyping": true,
         "pauseHotkey": "ctrl+alt+p"}
        """);
    Policy fromFile = PolicyFile.read(f).build();
    Policy built = Policy.builder().purpose("train a support agent").allow("XTerm")
        .allow("firefox:Jira").deny("KeePassXC").maskAllTyping(true).pauseHotkey("ctrl+alt+p")
        .build();
    assertThat(fromFile.hash()).isEqualTo(built.hash());
    assertThat(fromFile.maskAllTyping()).isTrue();
  }

  @Test
  void aPolicyFileWithAMisspeltFieldIsRefused() throws IOException {
    Path f = Files.writeString(tmp.resolve("typo.json"), "{\"alow\": [\"XTerm\"]}");
    assertThatThrownBy(() -> PolicyFile.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policy file " + f).hasMessageContaining("unknown field 'alow'");
    assertThatThrownBy(() -> PolicyFile.read(tmp.resolve("missing.json")))
        .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
    Path rule = Files.writeString(tmp.resolve("rule.json"), "{\"allow\": [{\"title\": \"x\"}]}");
    assertThatThrownBy(() -> PolicyFile.read(rule)).hasMessageContaining("needs a \"class\"");
  }
}
