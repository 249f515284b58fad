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

  /**
   * Where an e-mail address that a detector found at {@code start} really begins: one word
   * before it ending in {@code .} or {@code ,} followed by one space is taken in. OCR of a
   * small font puts a space after the dot of a local part ({@code jane. doe60@example.com}),
   * and matching from {@code doe60} left {@code jane.} legible. The same when the address
   * starts with {@code _ . -}, which OCR separated from the word before ({@code ops _team@}).
   * An ordinary word that ends a sentence before an address ({@code Thanks, ann@example.com})
   * is hidden with it.
   *
   * @param floor the end of the detector's previous match on this line, never crossed
   */
  static int emailStart(String text, int start, int floor) {
    if (start < 3 || text.charAt(start - 1) != ' ') {
      return start;
    }
    char end = text.charAt(start - 2);
    char first = text.charAt(start);
    if (end != '.' && end != ',' && first != '_' && first != '.' && first != '-') {
      return start;
    }
    int i = start - 1;
    boolean word = false;
    while (i > floor && isLocalPartChar(text.charAt(i - 1))) {
      i--;
      word |= isAsciiLetter(text.charAt(i)) || isDigit(text.charAt(i));
    }
    return word ? i : start;
  }

  /** Characters of an e-mail local part as OCR returns them (commas for dots). */
  private static boolean isLocalPartChar(char c) {
    return isAsciiLetter(c) || isDigit(c) || c == '.' || c == ',' || c == '_' || c == '%'
        || c == '+' || c == '-';
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
