package io.screentrail.policy;

import io.screentrail.input.Modifiers;
import io.screentrail.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a recording is allowed to contain: the designated applications (allowed, and denied ones
 * that always lose), whether typed text is stored only as masked runs, which window titles mean a
 * password is being typed, the hotkey that pauses recording, and the declared purpose.
 *
 * <p>Immutable; made by {@link #builder()} (each setter validates and names the value) or read
 * from a policy file by {@link PolicyFile}. The engine applies it before any other stage sees a
 * frame or an input event. {@link #hash()} identifies the rules in the session manifest.
 */
public final class Policy {

  /** Window titles that mean a password or passphrase is being asked for. */
  public static final String DEFAULT_PASSWORD_TITLES =
      "(?i)\\b(?:sudo|su|password|passwort|passphrase|passcode|pin|ssh|login|log in|sign in"
          + "|unlock|authenticat\\w*|keychain|keyring|gpg|pinentry|credentials?)\\b";

  private final List<AppRule> allowed;
  private final List<AppRule> denied;
  private final boolean maskAllTyping;
  private final Pattern passwordTitles;
  private final String pauseHotkey;
  private final int pauseModifiers;
  private final String pauseKey;
  private final String purpose;
  private final String hash;

  private Policy(Builder b) {
    this.allowed = List.copyOf(b.allowed);
    this.denied = List.copyOf(b.denied);
    this.maskAllTyping = b.maskAllTyping;
    this.passwordTitles = b.passwordTitles;
    this.pauseHotkey = b.pauseHotkey;
    this.pauseModifiers = b.pauseModifiers;
    this.pauseKey = b.pauseKey;
    this.purpose = b.purpose;
    this.hash = "sha256:" + sha256(Json.write(rules()));
  }

  /** A builder with no rules: every window designated, typing stored unless a password shows. */
  public static Builder builder() {
    return new Builder();
  }

  /** Rules that designate applications; empty means every window not denied is designated. */
  public List<AppRule> allowed() {
    return allowed;
  }

  /** Rules that exclude applications, whatever the allowed rules say. */
  public List<AppRule> denied() {
    return denied;
  }

  /** Whether the policy filters windows at all (some allowed or denied rule). */
  public boolean restrictsWindows() {
    return !allowed.isEmpty() || !denied.isEmpty();
  }

  /** Whether every typed text is stored only as masked runs (length and timing). */
  public boolean maskAllTyping() {
    return maskAllTyping;
  }

  /** Window titles that mean typing is a password, so it is stored masked. */
  public Pattern passwordTitles() {
    return passwordTitles;
  }

  /** The pause hotkey as given, such as {@code ctrl+alt+p}, or {@code null} for none. */
  public String pauseHotkey() {
    return pauseHotkey;
  }

  /** The modifier bits ({@link Modifiers}) of the pause hotkey. */
  public int pauseModifiers() {
    return pauseModifiers;
  }

  /** The key of the pause hotkey (pyautogui name, such as {@code p}), or {@code null}. */
  public String pauseKey() {
    return pauseKey;
  }

  /** The declared purpose of the recording, or {@code null}. */
  public String purpose() {
    return purpose;
  }

  /**
   * Whether a window with these {@code WM_CLASS} parts and title is designated: no denied rule
   * matches it, and an allowed rule does (or there are no allowed rules).
   */
  public boolean designated(String instance, String cls, String title) {
    for (AppRule r : denied) {
      if (r.matches(instance, cls, title)) {
        return false;
      }
    }
    if (allowed.isEmpty()) {
      return true;
    }
    for (AppRule r : allowed) {
      if (r.matches(instance, cls, title)) {
        return true;
      }
    }
    return false;
  }

  /** Whether some rule looks at window titles (titles then have to be read for every window). */
  public boolean usesTitles() {
    for (List<AppRule> rules : List.of(allowed, denied)) {
      for (AppRule r : rules) {
        if (r.title() != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a title says a password is being asked for. */
  public boolean passwordTitle(String title) {
    return title != null && passwordTitles.matcher(title).find();
  }

  /** Whether a key press with these modifier bits is the pause hotkey. */
  public boolean isPauseHotkey(String key, int modifiers) {
    return pauseKey != null && pauseKey.equals(key)
        && (modifiers & (Modifiers.COMMAND_MASK | Modifiers.SHIFT)) == pauseModifiers;
  }

  /**
   * The rules in canonical form (fixed key order, rules as given), as stored in the manifest and
   * hashed: {@code allow}, {@code deny} (each {@code {class, title}}), {@code maskAllTyping},
   * {@code passwordTitles}, {@code pauseHotkey}, {@code purpose}.
   */
  public Map<String, Object> rules() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("allow", ruleList(allowed));
    m.put("deny", ruleList(denied));
    m.put("maskAllTyping", maskAllTyping);
    m.put("passwordTitles", passwordTitles.pattern());
    m.put("pauseHotkey", pauseHotkey);
    m.put("purpose", purpose);
    return m;
  }

  private static List<Object> ruleList(List<AppRule> rules) {
    List<Object> out = new ArrayList<>();
    for (AppRule r : rules) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("class", r.windowClass());
      m.put("title", r.title() == null ? null : r.title().pattern());
      out.add(m);
    }
    return out;
  }

  /** {@code sha256:} and the hex SHA-256 of the canonical JSON of {@link #rules()}. */
  public String hash() {
    return hash;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Policy p && p.hash.equals(hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Policy" + Json.write(rules());
  }

  /** Builds a {@link Policy}; each setter checks its value and names it in the message. */
  public static final class Builder {

    private final List<AppRule> allowed = new ArrayList<>();
    private final List<AppRule> denied = new ArrayList<>();
    private boolean maskAllTyping;
    private Pattern passwordTitles = Pattern.compile(DEFAULT_PASSWORD_TITLES);
    private String pauseHotkey;
    private int pauseModifiers;
    private String pauseKey;
    private String purpose;

    private Builder() {}

    /** Designates an application: {@code CLASS} or {@code CLASS:TITLE_REGEX}. */
    public Builder allow(String rule) {
      return allow(AppRule.parse(rule));
    }

    /** Designates the applications this rule matches. */
    public Builder allow(AppRule rule) {
      allowed.add(Objects.requireNonNull(rule, "allow rule"));
      return this;
    }

    /** Excludes an application even when an allowed rule matches it. */
    public Builder deny(String rule) {
      return deny(AppRule.parse(rule));
    }

    /** Excludes the applications this rule matches. */
    public Builder deny(AppRule rule) {
      denied.add(Objects.requireNonNull(rule, "deny rule"));
      return this;
    }

    /** Store every typed text only as masked runs, in every application. Default false. */
    public Builder maskAllTyping(boolean mask) {
      this.maskAllTyping = mask;
      return this;
    }

    /** Window titles (a regular expression) that mean a password is typed. */
    public Builder passwordTitles(String regex) {
      Objects.requireNonNull(regex, "passwordTitles");
      try {
        this.passwordTitles = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("passwordTitles '" + regex + "' is not a valid"
            + " regular expression: " + e.getDescription());
      }
      return this;
    }

    /**
     * The hotkey that pauses and resumes recording, such as {@code ctrl+alt+p}: one or more of
     * ctrl, alt, meta (shift may be added) and one key; {@code null} for none (default).
     */
    public Builder pauseHotkey(String hotkey) {
      if (hotkey == null) {
        pauseHotkey = null;
        pauseKey = null;
        pauseModifiers = 0;
        return this;
      }
      int mods = 0;
      String key = null;
      for (String part : hotkey.toLowerCase(Locale.ROOT).split("\\+", -1)) {
        String p = part.trim();
        String name = switch (p) {
          case "control" -> "ctrl";
          case "super", "win", "cmd" -> "meta";
          default -> p;
        };
        int bit = Modifiers.bitOf(name);
        if (bit != 0) {
          mods |= bit;
        } else if (key == null && !name.isEmpty()) {
          key = name;
        } else {
          throw new IllegalArgumentException("pauseHotkey must be modifiers and one key, such as"
              + " ctrl+alt+p, was '" + hotkey + "'");
        }
      }
      if (key == null || (mods & Modifiers.COMMAND_MASK) == 0) {
        throw new IllegalArgumentException("pauseHotkey needs ctrl, alt or meta and one key, such"
            + " as ctrl+alt+p, was '" + hotkey + "'");
      }
      this.pauseHotkey = hotkey.trim().toLowerCase(Locale.ROOT);
      this.pauseModifiers = mods;
      this.pauseKey = key;
      return this;
    }

    /** Why the recording is made, stored in the manifest; {@code null} for none. */
    public Builder purpose(String text) {
      if (text != null && text.isBlank()) {
        throw new IllegalArgumentException("purpose must not be blank; leave it out instead");
      }
      if (text != null && text.length() > 2000) {
        throw new IllegalArgumentException("purpose must be at most 2000 characters, was "
            + text.length());
      }
      this.purpose = text;
      return this;
    }

    /** The immutable policy. */
    public Policy build() {
      return new Policy(this);
    }
  }
}
