package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTokenDetectorTest {

  private final Detector detector = new ApiTokenDetector();

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of("token-github", "ghp_R4nd0mT0k3nV4lu3Xy2AbCdEfGhIjKlMnOpQ"),
        Arguments.of("token-github", "gho_16C7e42F292c6912E7710c838347Ae178B4a"),
        Arguments.of("token-github", "ghu_16C7e42F292c6912E7710c838347Ae178B4a"),
        Arguments.of("token-github", "ghs_16C7e42F292c6912E7710c838347Ae178B4a"),
        Arguments.of("token-github", "ghr_16C7e42F292c6912E7710c838347Ae178B4a"),
        Arguments.of("token-github", "github_pat_11ABCDEFG0123456789_"
            + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV012345"),
        Arguments.of("token-gitlab", "glpat-xYz12AbCdEfGhIjKlMn3"),
        Arguments.of("token-slack", "xoxb-2048-4096-AbCdEfGhIjKlMnOpQrStUvWx"),
        Arguments.of("token-slack", "xoxp-2048-4096-8192-AbCdEfGhIjKl"),
        Arguments.of("token-slack", "xoxa-2-AbCdEfGhIjKlMn"),
        Arguments.of("token-slack", "xoxr-2048-AbCdEfGhIjKl"),
        Arguments.of("token-slack", "xapp-1-A0123456789-0123456789012-abcdef0123"),
        Arguments.of("token-stripe", "sk_live_51HxYzAbCdEfGhIjKlMnOpQr"),
        Arguments.of("token-stripe", "rk_live_51HxYzAbCdEfGhIjKlMnOpQr"),
        Arguments.of("token-stripe", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        Arguments.of("token-stripe", "pk_live_51HxYzAbCdEfGhIjKlMnOpQr"),
        Arguments.of("token-openai", "sk-proj-Ab3dEfGhIjKlMnOpQrStUvWx_Yz0123456789"),
        Arguments.of("token-openai", "sk-Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKl"),
        Arguments.of("token-google", "AIzaSyA1234567890abcdefghijklmnopqrstuv"),
        Arguments.of("token-vault", "hvs.CAESIAbCdEfGhIjKlMnOpQrStUvWxYz0123"),
        Arguments.of("token-vault", "hvb.AAAAAQJAbCdEfGhIjKlMnOpQrStUvWx"));
  }

  @ParameterizedTest
  @MethodSource("tokens")
  void findsTokensByPrefix(String id, String token) {
    List<String> lines = List.of("  export TOKEN=" + token + " # do not commit");
    List<Finding> out = new ArrayList<>();
    detector.find(lines, out);
    assertThat(out).singleElement().satisfies(f -> {
      assertThat(f.detectorId()).isEqualTo(id);
      assertThat(f.category()).isEqualTo(Category.API_TOKEN);
      assertThat(lines.get(0).substring(f.start(), f.end())).isEqualTo(token);
    });
  }

  @Test
  void findsLegacyVaultTokensOnlyNearTheWordVault() {
    String token = "s.AbCdEfGhIjKlMnOpQrStUvWx";
    assertThat(Scans.values(detector, "VAULT_TOKEN=" + token)).containsExactly(token);
    assertThat(Scans.located(detector, "vault login", token)).containsExactly("1:" + token);
    assertThat(Scans.values(detector, "see docs.AbCdEfGhIjKlMnOpQrStUvWx " + token)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "ghp_short",
    "highp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    "Read the task-force-management-system-2024 guide and the sk-learn-user-guide-for-beginners",
    "sk-2024-11-22-release-notes-draft",
    "pk_test_51HxYzAbCdEfGhIjKlMnOpQr is a publishable test key",
    "xoxb- alone",
    "AIzaShort",
    "hvs.short",
  })
  void ignoresLookalikes(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }

  @Test
  void findsATokenWrappedAtTheLineEnd() {
    assertThat(Scans.located(detector, "CI token ghp_R4nd0mT0k3nV4lu3",
        "Xy2AbCdEfGhIjKlMnOpQ rotated"))
        .containsExactly("0:ghp_R4nd0mT0k3nV4lu3", "1:Xy2AbCdEfGhIjKlMnOpQ");
  }

  @Test
  void aGitlabTokenWrappedAtItsDashWithASpaceOcrPutBesideItIsFound() {
    assertThat(Scans.located(detector, "The mirror on our instance uses glpat -",
        "1GXIZrNVTSBgVBVmowpt."))
        .containsExactly("0:glpat -", "1:1GXIZrNVTSBgVBVmowpt");
    assertThat(Scans.values(detector, "uses glpat -1GXIZrNVTSBgVBVmowpt now"))
        .containsExactly("glpat -1GXIZrNVTSBgVBVmowpt");
  }

  @Test
  void aCompleteTokenAtTheLineEndDoesNotSwallowTheNextLine() {
    assertThat(Scans.located(detector,
        "GITHUB_TOKEN=ghp_R4nd0mT0k3nV4lu3Xy2AbCdEfGhIjKlMnOpQ",
        "SLACK_TOKEN=xoxb-2048-4096-AbCdEfGhIjKlMnOpQrStUvWx"))
        .containsExactly("0:ghp_R4nd0mT0k3nV4lu3Xy2AbCdEfGhIjKlMnOpQ",
            "1:xoxb-2048-4096-AbCdEfGhIjKlMnOpQrStUvWx");
  }
}
