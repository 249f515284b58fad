package io.screentrail.redact.detect;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Values assigned to a key that names a secret ({@code secret-assignment}): {@code KEY=value} in
 * env files and shell, {@code key: value} in YAML, headers and logs, <code>"key": "value"</code>
 * in JSON, {@code key := value}, {@code key => value}, {@code --key=value}, connection strings
 * ({@code ;Password=...;}). Only the value is covered, without its quotes.
 *
 * <p>The key, split into words at {@code _ - .}, spaces and camelCase, must contain password,
 * passwd, pwd, pass (not alone), passphrase, passcode, secret(s), token (not {@code tokens}: {@code
 * max_tokens} counts model tokens), auth, authorization, credential(s), creds, api key, access
 * key, private key or client secret (also run together, as in {@code apikey} or {@code
 * dbpassword}). Keys whose last word says the value is about the secret rather than the
 * secret ({@code TOKEN_URL}, {@code token_type}, {@code PASSWORD_FILE}, {@code
 * password_min_length}, {@code ACCESS_KEY_ID}) are skipped.
 *
 * <p>Values that hold no secret are skipped: empty, {@code null}/{@code none}/{@code nil}/{@code
 * undefined}, booleans, masks ({@code ****}, {@code ••••}), placeholders ({@code <redacted>},
 * {@code [REDACTED]}, <code>${VAR}</code>, <code>{{ secrets.X }}</code>, {@code $VAR}), code that
 * reads the secret from elsewhere ({@code os.environ[...]}, {@code getPassword()}) and type
 * annotations ({@code password: string;}), and unquoted numbers under four digits, which count
 * rather than hide ({@code pass=12 fail=0}). A default such as {@code changeme} or {@code admin}
 * is a password and is covered.
 *
 * <p>With a bare {@code :} the key must start the line (after indentation, a list or comment
 * marker, or an editor's line number) or follow {@code , ; { ( |} or a wide gap, so that prose
 * such as "reset your password: click below" is not read as an assignment; a key that OCR read
 * with its underscore as a space ({@code session secret:}) takes in the one word before it when
 * that word starts the entry. {@code Authorization: Bearer x} covers {@code x}.
 */
public final class SecretAssignmentDetector extends LineDetector {

  /** Values reported per line at most; a line with more is not an assignment list we know. */
  private static final int MAX_VALUES_PER_LINE = 8;

  /** Unquoted values of only digits shorter than this are counts or flags ({@code pass=12}). */
  private static final int MIN_NUMERIC_SECRET = 4;

  /** Words before a key that OCR may have split off at an underscore read as a space. */
  private static final int MAX_SPACED_WORDS = 2;

  /** Longest line number of an editor's gutter before a key. */
  private static final int MAX_GUTTER_DIGITS = 5;

  /** Longest key read between quotes ({@code "client secret"}). */
  private static final int MAX_QUOTED_KEY = 60;

  private static final Set<String> SECRET_WORDS = Set.of(
      "password", "passwd", "pwd", "pass", "passphrase", "passcode", "secret", "secrets", "token",
      "auth", "authorization", "credential", "credentials", "creds", "apikey",
      "accesskey", "privatekey", "clientsecret");

  /** Run-together words that end in a secret word: {@code dbpassword}, {@code accesstoken}. */
  private static final String[] SECRET_SUFFIXES = {
    "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey"
  };

  private static final Set<String> ABOUT_THE_SECRET = Set.of(
      "url", "uri", "endpoint", "host", "type", "expiry", "expires", "expiration", "exp", "ttl",
      "lifetime", "length", "len", "min", "max", "timeout", "id", "ids", "file", "path", "name",
      "header", "policy", "hint", "enabled", "required", "field", "label", "mode", "count",
      "format", "prefix", "version", "rotation", "method", "location", "date", "at", "in", "env",
      "var", "algorithm", "algo", "manager", "store", "dir", "provider", "source", "kind",
      "scheme", "ref", "reset", "changed", "strength", "regex", "pattern", "placeholder", "help",
      "error", "errors", "message", "validation", "valid", "invalid", "limit", "attempts",
      "retries", "flow", "grant", "audience", "issuer", "scope", "scopes", "level", "size");

  private static final Set<String> AUTH_SCHEMES =
      Set.of("bearer", "basic", "token", "digest", "bot", "apikey", "negotiate");

  /** Creates the detector; it is stateless and may be shared. */
  public SecretAssignmentDetector() {
    super("secret-assignment", Category.SECRET, 0, 0);
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    // Walk the separators ('=' and ':' found by indexOf), read the key before each by hand and
    // only look closer at keys holding a secret word's stem.
    int[] taken = null;
    int count = 0;
    int nextEquals = text.indexOf('=');
    int nextColon = text.indexOf(':');
    while (nextEquals >= 0 || nextColon >= 0) {
      int p;
      if (nextColon < 0 || (nextEquals >= 0 && nextEquals < nextColon)) {
        p = nextEquals;
        nextEquals = text.indexOf('=', p + 1);
      } else {
        p = nextColon;
        nextColon = text.indexOf(':', p + 1);
      }
      int valueAt = separatorEnd(text, p);
      if (valueAt < 0) {
        continue;
      }
      boolean colon = valueAt == p + 1 && text.charAt(p) == ':';
      int keyEnd = p;
      while (keyEnd > 0 && (text.charAt(keyEnd - 1) == ' ' || text.charAt(keyEnd - 1) == '\t')) {
        keyEnd--;
      }
      int keyStart;
      int entryStart;
      if (keyEnd > 1 && text.charAt(keyEnd - 1) == ']' && isQuote(text.charAt(keyEnd - 2))) {
        keyEnd--; // $config['db_pass'] = ..., settings["password"] = ...
      }
      char close = keyEnd > 0 ? text.charAt(keyEnd - 1) : 0;
      boolean quotedKey = isQuote(close);
      if (quotedKey) {
        keyEnd--;
        keyStart = keyEnd;
        while (keyStart > 0 && keyEnd - keyStart <= MAX_QUOTED_KEY
            && isQuotedKeyChar(text.charAt(keyStart - 1))) {
          keyStart--;
        }
        if (keyStart == 0 || text.charAt(keyStart - 1) != close) {
          continue;
        }
        entryStart = keyStart - 1;
      } else {
        keyStart = keyEnd;
        while (keyStart > 0 && isKeyChar(text.charAt(keyStart - 1))) {
          keyStart--;
        }
        if (keyStart > 0 && isQuote(text.charAt(keyStart - 1))) {
          continue; // the end of a quoted string, not a key
        }
        if (!colon) {
          keyStart = spacedKeyStart(text, keyStart, keyEnd);
        }
        entryStart = keyStart;
        while (keyStart < keyEnd && text.charAt(keyStart) == '-') {
          keyStart++; // --password=...
        }
      }
      if (keyStart == keyEnd || !isKeyStart(text.charAt(keyStart))
          || !hasStem(text, keyStart, keyEnd)
          || (taken != null && inside(taken, count, keyStart))) {
        continue;
      }
      String key = text.substring(keyStart, keyEnd);
      if (!namesSecret(key)) {
        continue;
      }
      if (colon && !quotedKey && !keyStartsEntry(text, entryStart)) {
        // "session secret:" where OCR read a key's underscore as a space: one word before, if
        // that word starts the entry.
        int spaced = wordBefore(text, entryStart);
        if (spaced < 0 || !isKeyStart(text.charAt(spaced)) || !keyStartsEntry(text, spaced)) {
          continue;
        }
        key = text.substring(spaced, keyEnd);
      }
      if (taken == null) {
        taken = new int[2 * MAX_VALUES_PER_LINE];
      }
      if (count < taken.length) {
        count = report(text, key, skipBlanks(text, valueAt), hits, taken, count);
      }
    }
  }

  /**
   * Where the value may start after the separator at {@code p} ({@code = : := =>}), or {@code -1}
   * if it is no assignment: {@code == != <= >=}, {@code ::}, {@code ://}.
   */
  private static int separatorEnd(String text, int p) {
    int len = text.length();
    char next = p + 1 < len ? text.charAt(p + 1) : 0;
    char before = p > 0 ? text.charAt(p - 1) : 0;
    if (text.charAt(p) == ':') {
      if (next == '=') {
        return p + 2;
      }
      return next == ':' || next == '/' || before == ':' ? -1 : p + 1;
    }
    if (next == '=' || before == '=' || before == '!' || before == '<' || before == '>'
        || before == ':') {
      return -1;
    }
    return next == '>' ? p + 2 : p + 1;
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  private static boolean isKeyChar(char c) {
    return Text.isAsciiLetter(c) || Text.isDigit(c) || c == '_' || c == '.' || c == '-';
  }

  private static boolean isQuotedKeyChar(char c) {
    return isKeyChar(c) || c == ' ';
  }

  private static boolean isKeyStart(char c) {
    return Text.isAsciiLetter(c) || c == '_';
  }

  /**
   * Where a key before {@code =} starts when OCR of small print read its underscores as spaces
   * ({@code aws secret_access key=}): up to {@link #MAX_SPACED_WORDS} words before single spaces
   * are taken in while the key alone names no secret, and only if that makes it name one.
   */
  private static int spacedKeyStart(String text, int keyStart, int keyEnd) {
    if (keyStart == keyEnd || namesSecret(text.substring(keyStart, keyEnd))) {
      return keyStart;
    }
    int start = keyStart;
    for (int k = 0; k < MAX_SPACED_WORDS; k++) {
      start = wordBefore(text, start);
      if (start < 0) {
        break;
      }
      if (namesSecret(text.substring(start, keyEnd))) {
        return start;
      }
    }
    return keyStart;
  }

  /** Start of the run of key characters a single space before {@code at}, or -1. */
  private static int wordBefore(String text, int at) {
    if (at < 2 || text.charAt(at - 1) != ' ' || !isKeyChar(text.charAt(at - 2))) {
      return -1;
    }
    int start = at - 1;
    while (start > 0 && isKeyChar(text.charAt(start - 1))) {
      start--;
    }
    return start;
  }

  /** Whether {@code text[from, to)} holds the stem of a secret word, ignoring case. */
  private static boolean hasStem(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      String stem;
      switch (text.charAt(i) | 0x20) {
        case 'p':
          if (text.regionMatches(true, i, "pwd", 0, 3)) {
            return true;
          }
          stem = "pass";
          break;
        case 's':
          stem = "secret";
          break;
        case 't':
          stem = "token";
          break;
        case 'k':
          stem = "key";
          break;
        case 'a':
          stem = "auth";
          break;
        case 'c':
          stem = "cred";
          break;
        default:
          continue;
      }
      if (i + stem.length() <= to && text.regionMatches(true, i, stem, 0, stem.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean inside(int[] taken, int count, int at) {
    for (int i = 0; i < count; i += 2) {
      if (at >= taken[i] && at < taken[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reports the value starting at {@code at} and records its range in {@code taken}.
   *
   * @return the new number of ints used in {@code taken}
   */
  private int report(String text, String key, int at, Hits hits, int[] taken, int count) {
    int len = text.length();
    if (at >= len) {
      return count;
    }
    char open = text.charAt(at);
    int start;
    int end;
    boolean quoted = open == '"' || open == '\'' || open == '`';
    if (quoted) {
      start = at + 1;
      int close = text.indexOf(open, start);
      end = close < 0 ? trimmedEnd(text) : close; // unclosed: the value wraps past the line
    } else {
      start = at;
      end = tokenEnd(text, start);
      while (end > start && ",;)]}\"'".indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
      if (end > start && AUTH_SCHEMES.contains(lower(text, start, end))) {
        int next = skipBlanks(text, end);
        int nextEnd = tokenEnd(text, next);
        if (nextEnd > next) {
          start = next;
          end = nextEnd;
        }
      }
    }
    if (end <= start || Values.isMask(text, start, end)
        || Values.isStandIn(text, start, end, quoted) || isWorkingDirectory(key, text, start)
        || (!quoted && end - start < MIN_NUMERIC_SECRET
            && Text.countDigits(text, start, end) == end - start)) {
      return count;
    }
    hits.add(start, end, id());
    taken[count] = start;
    taken[count + 1] = end;
    return count + 2;
  }

  private static int tokenEnd(String text, int i) {
    int len = text.length();
    while (i < len) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == '&' || c == ';') {
        break;
      }
      i++;
    }
    return i;
  }

  private static int skipBlanks(String text, int i) {
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** {@code PWD=/home/alice} is the shell's working directory, not a password. */
  private static boolean isWorkingDirectory(String key, String text, int valueStart) {
    char c = text.charAt(valueStart);
    return (c == '/' || c == '~') && key.toLowerCase(Locale.ROOT).endsWith("pwd");
  }

  /** Whether the key before a bare {@code :} starts an entry rather than ending a phrase. */
  private static boolean keyStartsEntry(String text, int keyStart) {
    int i = keyStart;
    int spaces = 0;
    while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
      if (text.charAt(i - 1) == '\t') {
        spaces += 2;
      }
      spaces++;
      i--;
    }
    if (i == 0 || spaces >= 2) {
      return true;
    }
    // An editor's line number before the key, read with a single space: "18 db_password: x".
    int gutter = trimmedStart(text);
    if (spaces == 1 && i - gutter <= MAX_GUTTER_DIGITS
        && Text.countDigits(text, gutter, i) == i - gutter) {
      return true;
    }
    char c = text.charAt(i - 1);
    if (",;{(|[".indexOf(c) >= 0) {
      return true;
    }
    // List and comment markers at the start of the line: "- ", "# ", "// ", "* ", "> ".
    int j = i;
    while (j > 0 && "-#/*>".indexOf(text.charAt(j - 1)) >= 0) {
      j--;
    }
    return j < i && trimmedStart(text) == j;
  }

  /** Whether a key, split into words, names a secret and not something about one. */
  static boolean namesSecret(String key) {
    String[] words = words(key);
    int n = words.length;
    if (n == 0) {
      return false;
    }
    boolean secret = false;
    for (int i = 0; i < n && !secret; i++) {
      String w = words[i];
      // "pass" alone is as often a test count (pass=1204 fail=0) as a password; DB_PASS is not.
      secret = (SECRET_WORDS.contains(w) && (n > 1 || !w.equals("pass")))
          || endsWithSecretWord(w) || (i + 1 < n && pairs(w, words[i + 1]));
    }
    if (!secret) {
      return false;
    }
    String last = words[n - 1];
    return !ABOUT_THE_SECRET.contains(last)
        || (n >= 2 && words[n - 2].equals("private") && last.equals("key"));
  }

  private static boolean pairs(String first, String second) {
    switch (first) {
      case "api":
      case "access":
      case "private":
        return second.equals("key") || second.equals("keys");
      case "client":
        return second.equals("secret");
      default:
        return false;
    }
  }

  private static boolean endsWithSecretWord(String word) {
    for (String suffix : SECRET_SUFFIXES) {
      if (word.length() > suffix.length() && word.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /** Lower-case words of a key: split at {@code _ - .} and spaces and at camelCase humps. */
  private static String[] words(String key) {
    String[] out = new String[16];
    int n = 0;
    int start = -1;
    for (int i = 0; i <= key.length(); i++) {
      char c = i < key.length() ? key.charAt(i) : ' ';
      boolean separator = !(Text.isAsciiLetter(c) || Text.isDigit(c));
      boolean hump = !separator && start >= 0 && Character.isUpperCase(c)
          && Character.isLowerCase(key.charAt(i - 1));
      if ((separator || hump) && start >= 0) {
        if (n == out.length) {
          break;
        }
        out[n++] = key.substring(start, i).toLowerCase(Locale.ROOT);
        start = -1;
      }
      if (!separator && start < 0) {
        start = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static String lower(String s, int from, int to) {
    return s.substring(from, to).toLowerCase(Locale.ROOT);
  }
}
