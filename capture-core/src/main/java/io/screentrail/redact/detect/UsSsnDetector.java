package io.screentrail.redact.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US Social Security numbers ({@code us-ssn}): {@code ddd-dd-dddd} anywhere, and after an "SSN"
 * or "Social Security Number" label also {@code ddd dd dddd}, {@code ddd.dd.dddd} and {@code
 * ddddddddd}. Numbers the SSA never issues are skipped: area {@code 000}, {@code 666} or {@code
 * 9xx}, group {@code 00}, serial {@code 0000}; but a {@code 9xx} area with a group of the IRS's
 * individual taxpayer numbers (ITIN: 50-65, 70-88, 90-92, 94-99) is taken, as personal as an SSN
 * (a payroll's "Tax ID" column). A space OCR put beside a dash ({@code 987 -65-4321}) is allowed.
 * The label may also end the line above the number
 * (a form). The dashed form is matched by hand from each dash, so a line without one costs a
 * single {@code indexOf}.
 */
public final class UsSsnDetector extends LineDetector {

  private static final Pattern LABELLED = Pattern.compile(
      "(?i)(?<![a-z])(?:ssn|ss#|social\\s+security(?:\\s+(?:number|no\\.?|#))?)\\s*[:#]?\\s*"
          + "(\\d{3})([ .]?)(\\d{2})\\2(\\d{4})(?![0-9])");

  /**
   * After a label, what OCR of small print makes of the number: a digit too many in a group, or
   * a {@code 0} read as {@code 6} or {@code O} ({@code 678-065-1121}, {@code 678-05-11208}).
   * Only a number of another shape than {@code ddd dd dddd} is taken here, whether or not the
   * SSA would issue what was read; a well-formed one is judged by {@link #LABELLED}.
   */
  private static final Pattern LABELLED_MISREAD = Pattern.compile(
      "(?i)(?<![a-z])(?:ssn|ss#|social\\s+security(?:\\s+(?:number|no\\.?|#))?)\\s*[:#]?\\s*"
          + "(([0-9OolI]{3})[-. ]?([0-9OolI]{2,3})[-. ]?([0-9OolI]{4,5}))(?![0-9])");

  /** A label ending the line above the number. */
  private static final Pattern LABEL_AT_END = Pattern.compile(
      "(?i)(?<![a-z])(?:ssn|ss#|social\\s+security(?:\\s+(?:number|no\\.?|#))?)\\s*[:#]?\\s*$");

  /** The number opening the line below its label. */
  private static final Pattern NUMBER_AT_START =
      Pattern.compile("\\s*(\\d{3})([ .]?)(\\d{2})\\2(\\d{4})(?![0-9])");

  /** {@code ddd-dd-dddd} with a space OCR put beside a dash ({@code 987 -65-4321}). */
  private static final Pattern SPACED_DASHES = Pattern.compile(
      "(?<![\\w-])(\\d{3})( ?)-( ?)(\\d{2})( ?)-( ?)(\\d{4})(?![\\w-])");

  /** Characters of {@code ddd-dd-dddd}. */
  private static final int DASHED_LENGTH = 11;

  /** Creates the detector; it is stateless and may be shared. */
  public UsSsnDetector() {
    super("us-ssn", Category.NATIONAL_ID, JOIN_TIGHT | JOIN_SPACED, 24);
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    int dash = text.indexOf('-', 3);
    while (dash >= 0) {
      int start = dash - 3;
      if (isDashed(text, start)) {
        hits.add(start, start + DASHED_LENGTH, id());
        dash = text.indexOf('-', start + DASHED_LENGTH + 3);
      } else {
        dash = text.indexOf('-', dash + 1);
      }
    }
    if (text.indexOf(" -") >= 0 || text.indexOf("- ") >= 0) {
      Matcher m = SPACED_DASHES.matcher(text);
      while (m.find()) {
        boolean before1 = m.end(2) > m.start(2);
        boolean after1 = m.end(3) > m.start(3);
        boolean before2 = m.end(5) > m.start(5);
        boolean after2 = m.end(6) > m.start(6);
        // A stray space, not a spaced-out range ("100 - 20 - 3000"): no dash between two spaces.
        boolean stray = (before1 || after1 || before2 || after2) && !(before1 && after1)
            && !(before2 && after2);
        if (stray && issuable(text, m.start(1), m.start(4), m.start(7))) {
          hits.add(m.start(1), m.end(7), id());
        }
      }
    }
    int first = trimmedStart(text);
    if (first < text.length() && Text.isDigit(text.charAt(first)) && mayHoldLabel(previous)
        && LABEL_AT_END.matcher(previous).find()) {
      Matcher m = NUMBER_AT_START.matcher(text);
      if (m.lookingAt() && issuable(text, m.start(1), m.start(3), m.start(4))) {
        hits.add(m.start(1), m.end(4), id());
      }
    }
    if (mayHoldLabel(text)) {
      Matcher m = LABELLED.matcher(text);
      while (m.find()) {
        if (issuable(text, m.start(1), m.start(3), m.start(4))) {
          hits.add(m.start(1), m.end(4), id());
        }
      }
      m = LABELLED_MISREAD.matcher(text);
      while (m.find()) {
        boolean wellFormed = m.end(3) - m.start(3) == 2 && m.end(4) - m.start(4) == 4
            && Text.countDigits(text, m.start(1), m.end(1)) == 9;
        if (!wellFormed) {
          hits.add(m.start(1), m.end(1), id());
        }
      }
    }
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    // "123-45-" + "6789", "SSN: 123 45" + "6789"; a label ending the line above is handled by
    // scan() through its previous line.
    char last = a.charAt(aEnd - 1);
    return Text.isDigit(b.charAt(bStart)) && (Text.isDigit(last) || last == '-');
  }

  private static boolean isDashed(String s, int start) {
    int end = start + DASHED_LENGTH;
    if (start < 0 || end > s.length() || s.charAt(start + 6) != '-') {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (i != start + 3 && i != start + 6 && !Text.isDigit(s.charAt(i))) {
        return false;
      }
    }
    if (start > 0) {
      char before = s.charAt(start - 1);
      if (Text.isDigit(before) || Text.isAsciiLetter(before) || before == '-') {
        return false;
      }
    }
    if (end < s.length()) {
      char after = s.charAt(end);
      if (Text.isDigit(after) || Text.isAsciiLetter(after)
          || (after == '-' && end + 1 < s.length() && Text.isDigit(s.charAt(end + 1)))) {
        return false;
      }
    }
    return issuable(s, start, start + 4, start + 7);
  }

  private static boolean mayHoldLabel(String text) {
    return text.indexOf("SN") >= 0 || text.indexOf("sn") >= 0 || text.indexOf("S#") >= 0
        || text.indexOf("ecurity") >= 0 || text.indexOf("ECURITY") >= 0;
  }

  /** Area, group and serial start at the given offsets; all are ASCII digits. */
  private static boolean issuable(String s, int area, int group, int serial) {
    char a0 = s.charAt(area);
    boolean badArea = (a0 == '9' && !itinGroup(s, group))
        || (a0 == '0' && s.charAt(area + 1) == '0' && s.charAt(area + 2) == '0')
        || (a0 == '6' && s.charAt(area + 1) == '6' && s.charAt(area + 2) == '6');
    boolean badGroup = s.charAt(group) == '0' && s.charAt(group + 1) == '0';
    boolean badSerial = s.startsWith("0000", serial);
    return !badArea && !badGroup && !badSerial;
  }

  /** The IRS's ITIN groups after a {@code 9} area: 50-65, 70-88, 90-92 and 94-99. */
  private static boolean itinGroup(String s, int group) {
    int g = (s.charAt(group) - '0') * 10 + (s.charAt(group + 1) - '0');
    return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
  }
}
