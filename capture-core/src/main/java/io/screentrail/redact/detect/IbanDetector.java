package io.screentrail.redact.detect;

/**
 * International bank account numbers ({@code iban}): a country code, two check digits and the
 * country's account number (BBAN), printed in groups of four or unbroken. The length must be the
 * one registered for the country and the number must pass the ISO 7064 mod-97 check.
 *
 * <p>If the number as read fails the check, it is checked again with OCR look-alikes ({@code O}
 * for {@code 0}, {@code l} for {@code 1}, ...) repaired in the check digits and in every group of
 * four that holds a digit or only look-alikes; other groups of letters (a bank code such as {@code
 * NWBK}) stay as read.
 */
public final class IbanDetector extends LineDetector {

  /** IBAN length by country, indexed by {@link #country}; 0 where no IBAN is registered. */
  private static final byte[] LENGTHS = new byte[26 * 26];

  static {
    // The SWIFT IBAN registry (2024): country code and total length.
    String registry = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28"
        + " CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27"
        + " GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21"
        + " LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25"
        + " QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26"
        + " UA29 VA22 VG24 XK20 YE30";
    for (String entry : registry.split(" ")) {
      LENGTHS[country(entry, 0)] = Byte.parseByte(entry.substring(2));
    }
  }

  private static final int MAX_LENGTH = 34;

  /** Creates the detector; it is stateless and may be shared. */
  public IbanDetector() {
    super("iban", Category.BANK_ACCOUNT, JOIN_TIGHT | JOIN_SPACED, 48);
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    char[] chars = null;
    int last = text.length() - 4;
    for (int i = 0; i <= last; i++) {
      if (!startsIban(text, i)) {
        continue;
      }
      int length = LENGTHS[country(text, i)];
      if (length == 0) {
        continue;
      }
      if (chars == null) {
        chars = new char[MAX_LENGTH];
      }
      int end = collect(text, i, length, chars);
      if (end >= 0 && (mod97(chars, length) == 1 || repairAndCheck(chars, length))) {
        hits.add(i, end, id());
        i = end;
      }
    }
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    // The IBAN must start on the upper line: look for its country code and check digits there.
    if (!isIbanChar(a.charAt(aEnd - 1)) || !isIbanChar(b.charAt(bStart))) {
      return false;
    }
    for (int i = tailStart; i + 4 <= aEnd; i++) {
      if (startsIban(a, i)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a country code and two check digits start at {@code i}, at a word boundary. */
  private static boolean startsIban(String text, int i) {
    return isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1))
        && isCheckDigit(text.charAt(i + 2)) && isCheckDigit(text.charAt(i + 3))
        && (i == 0 || !isIbanChar(text.charAt(i - 1)));
  }

  private static int country(String s, int at) {
    return (s.charAt(at) - 'A') * 26 + (s.charAt(at + 1) - 'A');
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isCheckDigit(char c) {
    return Text.isDigit(c) || c == 'O' || c == 'o' || c == 'I' || c == 'l' || c == '|';
  }

  /**
   * Copies the {@code length} characters of the IBAN starting at {@code start}, skipping single
   * spaces, into {@code chars}.
   *
   * @return the end of the IBAN in {@code text}, or {@code -1} if it is shorter or runs on
   */
  private static int collect(String text, int start, int length, char[] chars) {
    int n = 0;
    int i = start;
    int len = text.length();
    while (n < length && i < len) {
      char c = text.charAt(i);
      if (c == ' ') {
        // One space between groups; the pattern already put the first four characters together.
        if (i + 1 >= len || text.charAt(i + 1) == ' ') {
          return -1;
        }
        i++;
        continue;
      }
      if (!(Text.isDigit(c) || (c >= 'A' && c <= 'Z') || c == 'o' || c == 'l' || c == '|')) {
        return -1;
      }
      chars[n++] = c;
      i++;
    }
    if (n < length || (i < len && isIbanChar(text.charAt(i)))) {
      return -1;
    }
    return i;
  }

  private static boolean isIbanChar(char c) {
    return Text.isDigit(c) || Text.isAsciiLetter(c) || c == '|';
  }

  /** Repairs look-alikes in the check digits and in groups of four holding a digit; rechecks. */
  private static boolean repairAndCheck(char[] chars, int length) {
    boolean changed = false;
    for (int i = 2; i < 4; i++) {
      char d = Text.asDigit(chars[i]);
      if (d == 0) {
        return false;
      }
      changed |= d != chars[i];
      chars[i] = d;
    }
    for (int group = 4; group < length; group += 4) {
      int to = Math.min(length, group + 4);
      if (!hasDigit(chars, group, to) && !allLookalikes(chars, group, to)) {
        continue;
      }
      for (int i = group; i < to; i++) {
        char d = Text.asDigit(chars[i]);
        if (d != 0 && d != chars[i]) {
          chars[i] = d;
          changed = true;
        }
      }
    }
    return changed && mod97(chars, length) == 1;
  }

  private static boolean allLookalikes(char[] chars, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Text.asDigit(chars[i]) == 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDigit(char[] chars, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Text.isDigit(chars[i])) {
        return true;
      }
    }
    return false;
  }

  /** ISO 7064 mod 97-10 of the IBAN with its first four characters moved to the end. */
  private static int mod97(char[] chars, int length) {
    int rest = 0;
    for (int k = 0; k < length; k++) {
      char c = chars[(k + 4) % length];
      if (Text.isDigit(c)) {
        rest = (rest * 10 + (c - '0')) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        rest = (rest * 100 + (c - 'A' + 10)) % 97;
      } else {
        return -1; // a look-alike not yet repaired
      }
    }
    return rest;
  }
}
