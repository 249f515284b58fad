package io.screentrail.redact.detect;

import java.util.Locale;
import java.util.Set;

/** Tells a secret value from what stands in for one on screen: nulls, placeholders, code, masks. */
final class Values {

  private static final Set<String> EMPTY = Set.of(
      "null", "nil", "none", "undefined", "true", "false", "empty", "n/a", "na", "-", "~",
      "redacted", "masked", "hidden", "removed", "[redacted]", "(redacted)", "[hidden]",
      "[filtered]", "[masked]");

  private static final Set<String> TYPE_NAMES = Set.of(
      "string", "str", "int", "integer", "number", "bool", "boolean", "any", "char[]", "byte[]",
      "bytes", "secretstr", "optional[str]", "option<string>", "string?", "string[]", "text");

  /** Keywords that start an expression, not a literal ({@code token = await fetchToken()}). */
  private static final Set<String> CODE_WORDS =
      Set.of("await", "new", "yield", "async", "function", "lambda", "typeof", "require");

  private static final String[] REFERENCE_PREFIXES = {
    "process.env", "os.environ", "os.getenv", "system.getenv", "env.", "env[", "this.", "self.",
    "config.", "settings.", "secrets.", "vault("
  };

  private Values() {}

  /**
   * Whether {@code text[from, to)} stands in for a secret rather than being one: an empty word
   * ({@code null}, {@code false}, {@code [redacted]}), a placeholder ({@code <password>}, <code>
   * ${VAR}</code>, <code>{{ x }}</code>, {@code $VAR}, {@code %VAR%}) or, unquoted, code that
   * reads it from elsewhere ({@code os.environ[...]}, {@code getToken()}, {@code await ...}) or a
   * type annotation. Masks are not stand-ins here; callers decide about them.
   */
  static boolean isStandIn(String text, int from, int to, boolean quoted) {
    while (to > from && (text.charAt(to - 1) == ',' || text.charAt(to - 1) == ';')) {
      to--;
    }
    if (to == from) {
      return true;
    }
    String value = text.substring(from, to).toLowerCase(Locale.ROOT);
    if (EMPTY.contains(value) || isPlaceholder(value)) {
      return true;
    }
    if (quoted) {
      return false;
    }
    if (value.indexOf('(') >= 0 || TYPE_NAMES.contains(value) || CODE_WORDS.contains(value)) {
      return true;
    }
    for (String prefix : REFERENCE_PREFIXES) {
      if (value.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code text[from, to)} is all mask characters ({@code ****}, {@code ••••}). */
  static boolean isMask(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      // *, bullet, black circle, middle dot, bullet operator: how UIs draw masked characters.
      if (c != '*' && c != '\u2022' && c != '\u25CF' && c != '\u00B7' && c != '\u2219') {
        return false;
      }
    }
    return to > from;
  }

  private static boolean isPlaceholder(String value) {
    int n = value.length();
    return (value.startsWith("<") && value.endsWith(">"))
        || value.startsWith("${") || value.startsWith("{{") || value.startsWith("%(")
        || (value.charAt(0) == '$' && n > 1 && isIdentifier(value, 1))
        || (value.charAt(0) == '%' && value.endsWith("%") && n > 2);
  }

  private static boolean isIdentifier(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Text.isAsciiLetter(c) || Text.isDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
