package io.screentrail.redact.detect;

/** Character helpers shared by the detectors; none allocates. */
final class Text {

  private static final char[] LOOKALIKE_DIGIT = new char[128];

  static {
    // What OCR reads for a digit in a small or anti-aliased font.
    map("OoDQ", '0');
    map("lI|i", '1');
    map("Zz", '2');
    map("Ss", '5');
    map("Gb", '6');
    map("T", '7');
    map("B", '8');
    map("gq", '9');
  }

  private Text() {}

  private static void map(String from, char digit) {
    for (int i = 0; i < from.length(); i++) {
      LOOKALIKE_DIGIT[from.charAt(i)] = digit;
    }
  }

  /** The digit {@code c} is or that OCR may have misread as {@code c}; {@code 0} if none. */
  static char asDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c;
    }
    return c < 128 ? LOOKALIKE_DIGIT[c] : 0;
  }

  /**
   * Whether a shell prompt's {@code :~/dir$} (or {@code :/dir#}) starts at {@code from}: what
   * follows the {@code user@host} of a prompt, which is not an e-mail address.
   */
  static boolean isPromptTail(String s, int from) {
    if (from < 0 || from + 2 >= s.length() || s.charAt(from) != ':'
        || (s.charAt(from + 1) != '~' && s.charAt(from + 1) != '/')) {
      return false;
    }
    int end = from + 2;
    while (end < s.length() && s.charAt(end) != ' ') {
      end++;
    }
    char last = s.charAt(end - 1);
    return last == '$' || last == '#' || last == '%';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static int countDigits(CharSequence s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      if (isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  static int countDigits(CharSequence s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  /** Whether {@code s[from, to)} contains {@code c}. */
  static boolean contains(String s, char c, int from, int to) {
    int at = s.indexOf(c, from);
    return at >= 0 && at < to;
  }

  /** Luhn checksum over {@code digits[0, length)}, ASCII digits only. */
  static boolean luhnValid(char[] digits, int length) {
    int sum = 0;
    boolean twice = false;
    for (int i = length - 1; i >= 0; i--) {
      int d = digits[i] - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
