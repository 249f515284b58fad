package io.screentrail.policy;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonException;
import io.screentrail.internal.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads a policy file: one JSON object with the optional fields {@code purpose} (text), {@code
 * allow} and {@code deny} (arrays of rules: {@code "CLASS"}, {@code "CLASS:TITLE_REGEX"} or
 * {@code {"class": "...", "title": "..."}}), {@code maskAllTyping} (boolean), {@code
 * passwordTitles} (regular expression) and {@code pauseHotkey} (such as {@code "ctrl+alt+p"}).
 * Unknown fields are refused, so a misspelt rule never silently allows more.
 */
public final class PolicyFile {

  private static final Set<String> FIELDS = Set.of("purpose", "allow", "deny", "maskAllTyping",
      "passwordTitles", "pauseHotkey");

  private PolicyFile() {}

  /**
   * A builder holding the file's rules, so that command-line flags can add to them.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and the field when the content is invalid
   */
  public static Policy.Builder read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IOException("policy file " + file + " does not exist");
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException | JsonException e) {
      throw new IllegalArgumentException("policy file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A builder holding the rules of this policy JSON text. */
  public static Policy.Builder parse(String json) {
    JsonObject o;
    try {
      o = Json.parseObject(json);
    } catch (JsonException e) {
      throw new IllegalArgumentException("not a JSON object (" + e.getMessage() + ")", e);
    }
    for (String name : o.asMap().keySet()) {
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'; known fields: "
            + String.join(", ", List.of("purpose", "allow", "deny", "maskAllTyping",
                "passwordTitles", "pauseHotkey")));
      }
    }
    Policy.Builder b = Policy.builder();
    b.purpose(o.optString("purpose", null));
    if (o.has("allow")) {
      for (Object r : o.getArray("allow")) {
        b.allow(rule("allow", r));
      }
    }
    if (o.has("deny")) {
      for (Object r : o.getArray("deny")) {
        b.deny(rule("deny", r));
      }
    }
    b.maskAllTyping(o.optBoolean("maskAllTyping", false));
    if (o.optString("passwordTitles", null) != null) {
      b.passwordTitles(o.getString("passwordTitles"));
    }
    b.pauseHotkey(o.optString("pauseHotkey", null));
    return b;
  }

  @SuppressWarnings("unchecked") // a parsed JSON object is a Map<String, ?>
  private static AppRule rule(String field, Object r) {
    if (r instanceof String s) {
      return AppRule.parse(s);
    }
    if (r instanceof java.util.Map<?, ?> m) {
      JsonObject o = JsonObject.of((java.util.Map<String, ?>) m);
      Object cls = m.get("class");
      if (!(cls instanceof String c)) {
        throw new IllegalArgumentException(field + " rule " + o + " needs a \"class\" (a WM_CLASS"
            + " class or instance name, or *)");
      }
      return AppRule.of(c, o.optString("title", null));
    }
    if (r instanceof JsonObject o) {
      return AppRule.of(o.getString("class"), o.optString("title", null));
    }
    throw new IllegalArgumentException(field + " rules are \"CLASS\", \"CLASS:TITLE_REGEX\" or"
        + " {\"class\": ..., \"title\": ...}, was " + r);
  }
}
