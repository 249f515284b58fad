package io.screentrail.redact.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers ({@code payment-card}): 13 to 19 digits, unbroken or in the groupings
 * cards are printed in (4-4-4-4, 4-4-4-4-1..3, 4-6-5, 4-6-4, 4-4-4-1..3, 4-3-3-3) with dashes or
 * spaces (one, or two where OCR kept a wide gap), and Luhn-valid. No issuer prefix is required.
 *
 * <p>OCR misreads digits as look-alike letters ({@code 4lll} for {@code 4111}, {@code O} for
 * {@code 0}); see {@link Text#asDigit}. Those are repaired before the Luhn check, but only inside
 * digit-like numbers: at least half the characters must be real digits, and at least two groups
 * (or the only group) must hold one, so words made of look-alike letters never become numbers.
 *
 * <p>Unbroken runs are skipped when they read as something else: epoch timestamps (13, 16 or 19
 * digits starting with 1: milli-, micro-, nanoseconds) and numbers labelled as an order, invoice,
 * tracking, ticket, reference, transaction or IMEI number (IMEIs are Luhn-valid by design). A run
 * of digit groups is only taken whole: a card shape inside a longer run (an IBAN, a table row) is
 * not a card. A 4-4-4-4 card directly followed by a group of up to three digits (its CVV) still
 * counts.
 */
public final class PaymentCardDetector extends LineDetector {

  /** A digit or a letter OCR reads for one. */
  private static final String D = "[0-9OoDQlI|iSsBZzGbgqT]";

  /** A group separator, repeated unchanged through the number: a dash, or one or two spaces. */
  private static final String SEP = "( {1,2}|-)";

  private static final Pattern CARD = Pattern.compile(
      "(?<![0-9A-Za-z|])(?:"
          + D + "{13,19}"
          + "|" + D + "{4}" + SEP + D + "{4}\\1" + D + "{4}\\1" + D + "{4}(?:\\1" + D + "{1,3})?"
          + "|" + D + "{4}" + SEP + D + "{6}\\2" + D + "{4,5}"
          + "|" + D + "{4}" + SEP + D + "{4}\\3" + D + "{4}\\3" + D + "{1,3}"
          + "|" + D + "{4}" + SEP + D + "{3}\\4" + D + "{3}\\4" + D + "{3}"
          + ")(?![0-9A-Za-z|])(?!-[0-9])(?! {1,2}[0-9]{4})");

  private static final Pattern REFERENCE_LABEL = Pattern.compile(
      "(?i)(?:order|invoice|tracking|ticket|ref(?:erence)?|txn|transaction|receipt|imei|isbn)"
          + "\\b[^0-9]{0,12}$");

  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

  /** How far before an unbroken number its label ("Order no.:") may start. */
  private static final int LABEL_REACH = 24;

  /** Characters in a printed group of a card number. */
  private static final int GROUP = 4;

  /** Digits of the most common card length, which a CVV may follow. */
  private static final int SIXTEEN = 16;

  /** Creates the detector; it is stateless and may be shared. */
  public PaymentCardDetector() {
    super("payment-card", Category.PAYMENT_CARD, JOIN_TIGHT | JOIN_SPACED, 32);
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    // Only spans of digit-like characters long enough for a card go to the regex.
    int len = text.length();
    int i = 0;
    while (i < len) {
      if (Text.asDigit(text.charAt(i)) == 0) {
        i++;
        continue;
      }
      int start = i;
      int real = 0;
      int digitLike = 0;
      while (i < len) {
        char c = text.charAt(i);
        if (Text.asDigit(c) != 0) {
          digitLike++;
          if (Text.isDigit(c)) {
            real++;
          }
          i++;
        } else if ((c == ' ' || c == '-') && i + 1 < len
            && Text.asDigit(text.charAt(i + 1)) != 0) {
          i++; // a group separator
        } else if (c == ' ' && i + 2 < len && text.charAt(i + 1) == ' '
            && Text.asDigit(text.charAt(i + 2)) != 0) {
          i += 2; // a wide gap OCR kept as two spaces
        } else {
          break;
        }
      }
      if (digitLike >= MIN_DIGITS && real * 2 >= MIN_DIGITS) {
        scanSpan(text, start, i, hits);
      }
    }
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    // Digit-like characters meet at the seam, with a real digit close by on either side.
    char last = a.charAt(aEnd - 1);
    char first = b.charAt(bStart);
    return (Text.asDigit(last) != 0 || last == '-') && Text.asDigit(first) != 0
        && Text.countDigits(a, Math.max(tailStart, aEnd - GROUP - 1), aEnd) > 0
        && Text.countDigits(b, bStart, Math.min(headEnd, bStart + GROUP)) > 0;
  }

  private void scanSpan(String text, int from, int to, Hits hits) {
    Matcher m = CARD.matcher(text).region(from, to).useTransparentBounds(true);
    char[] digits = new char[MAX_DIGITS];
    while (m.find()) {
      int start = m.start();
      int end = m.end();
      int n = repair(text, start, end, digits);
      if (n < 0 || continuesARun(text, start)) {
        continue;
      }
      boolean grouped = n != end - start;
      if (grouped) {
        if (!Text.luhnValid(digits, n)) {
          // 4-4-4-4 followed by a CVV or expiry fragment in the same rhythm.
          if (n > SIXTEEN && Text.luhnValid(digits, SIXTEEN) && !allZero(digits, SIXTEEN)) {
            hits.add(start, endOfDigit(text, start, SIXTEEN), id());
          }
          continue;
        }
      } else if (!Text.luhnValid(digits, n) || looksLikeTimestamp(digits, n)
          || isLabelledReference(text, start)) {
        continue;
      }
      if (!allZero(digits, n)) {
        hits.add(start, end, id());
      }
    }
  }

  /**
   * Writes the digits of {@code text[start, end)} into {@code digits}, repairing look-alikes.
   *
   * @return the number of digits, or {@code -1} if the characters are not digit-like enough:
   *     fewer than half real digits, or fewer than two groups holding one
   */
  private static int repair(String text, int start, int end, char[] digits) {
    int n = 0;
    int real = 0;
    int groups = 0;
    int groupsWithDigit = 0;
    boolean groupHasDigit = false;
    for (int i = start; i <= end; i++) {
      char c = i < end ? text.charAt(i) : ' ';
      if (c == ' ' || c == '-') {
        if (i > start && text.charAt(i - 1) == ' ') {
          continue; // second space of a wide gap
        }
        groups++;
        if (groupHasDigit) {
          groupsWithDigit++;
        }
        groupHasDigit = false;
        continue;
      }
      if (Text.isDigit(c)) {
        real++;
        groupHasDigit = true;
      }
      digits[n++] = Text.asDigit(c);
    }
    boolean digitLike = real * 2 >= n && (groupsWithDigit >= 2 || groupsWithDigit == groups);
    return digitLike ? n : -1;
  }

  /**
   * Whether the match at {@code start} continues a run of four-character groups to its left
   * ({@code DE89 3704 ...}, {@code 1234 4111 ...}) or a dashed digit run; a shorter token before
   * it (a row number, "Visa-13") does not count.
   */
  private static boolean continuesARun(String text, int start) {
    if (start < 2) {
      return false;
    }
    char separator = text.charAt(start - 1);
    if (separator == '-') {
      return Text.asDigit(text.charAt(start - 2)) != 0;
    }
    if (separator != ' ') {
      return false;
    }
    int tokenEnd = start - 1;
    if (tokenEnd > 0 && text.charAt(tokenEnd - 1) == ' ') {
      tokenEnd--;
    }
    int tokenStart = tokenEnd;
    while (tokenStart > 0 && !Character.isWhitespace(text.charAt(tokenStart - 1))) {
      tokenStart--;
    }
    return tokenEnd - tokenStart == GROUP && Text.countDigits(text, tokenStart, tokenEnd) > 0;
  }

  /** End of the {@code count}-th digit-like character from {@code start}. */
  private static int endOfDigit(String text, int start, int count) {
    int i = start;
    for (int seen = 0; seen < count; i++) {
      if (Text.asDigit(text.charAt(i)) != 0) {
        seen++;
      }
    }
    return i;
  }

  private static boolean looksLikeTimestamp(char[] digits, int n) {
    return digits[0] == '1' && (n == 13 || n == 16 || n == 19);
  }

  private static boolean isLabelledReference(String text, int start) {
    int from = Math.max(0, start - LABEL_REACH);
    return REFERENCE_LABEL.matcher(text).region(from, start).useTransparentBounds(true).find();
  }

  private static boolean allZero(char[] digits, int n) {
    for (int i = 0; i < n; i++) {
      if (digits[i] != '0') {
        return false;
      }
    }
    return true;
  }
}
