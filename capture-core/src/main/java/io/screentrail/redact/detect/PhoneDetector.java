package io.screentrail.redact.detect;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telephone numbers ({@code phone}) with 8 to 15 digits in a phone-like layout:
 *
 * <ul>
 *   <li>international: {@code +1 (415) 555-0134}, {@code +44 20 7946 0958}, {@code +49 30
 *       901820}, {@code +14155550134}, and {@code 0049 30 901820} (with separators);
 *   <li>North American: {@code (212) 555-0199}, {@code 415.555.0134}, {@code 415-555-0134},
 *       {@code 1-415-555-0134}, where area code and exchange must not start with 0 or 1;
 *   <li>national with trunk prefix: {@code 020 7946 0958}, {@code (030) 901820};
 *   <li>after a label ("Tel", "Phone", "Mobile", "Fax", ...): any digits, spaces and {@code
 *       ()./-}.
 * </ul>
 *
 * <p>Dates, times, versions, IP addresses and unbroken digit runs such as order numbers have no
 * phone layout and are not matched. Digits at the end of one line and the start of the next are
 * far more often two table cells than one wrapped number, so a number is joined across lines only
 * where the wrap shows: the first line ends in a hyphen after a digit ({@code (312) 555-} then
 * {@code 0147}), or its end holds a {@code +} country code or an area code in parentheses ({@code
 * +44 20} then {@code 7946 0958}); the next line must start with a digit or {@code (}.
 *
 * <p>Only spans of digits and phone punctuation with at least 8 digits reach the patterns, and
 * groups are matched possessively, so a long digit run costs one pass rather than a search over
 * its partitions.
 */
public final class PhoneDetector extends LineDetector {

  private static final Set<String> LABELS = Set.of(
      "tel", "telephone", "phone", "mobile", "mob", "cell", "fax", "whatsapp", "telefon", "handy");

  private static final Set<String> NUMBER_WORDS = Set.of("no", "nr", "number", "num");

  /** Numbers reported per line at most. */
  private static final int MAX_NUMBERS_PER_LINE = 8;

  /** Longest number taken after a label, separators included. */
  private static final int MAX_LABELLED = 26;

  /** Characters of each line taken at a seam: a number with its separators. */
  private static final int SEAM_WINDOW = 20;

  private static final Pattern PLUS = Pattern.compile(
      "(?<![\\w+])\\+[1-9]\\d{0,2}+(?:[ .-]?\\(\\d{1,4}\\))?+(?:[ .-]?\\d{1,6}+){1,6}+(?!\\d)");

  private static final Pattern DOUBLE_ZERO = Pattern.compile(
      "(?<![\\w+.-])(?<!\\d[ -])00[1-9]\\d{0,2}+(?:[ .-]?\\(\\d{1,4}\\))?+"
          + "(?:[ .-]\\d{1,6}+){1,6}+(?!\\d)");

  private static final Pattern NANP_PARENS = Pattern.compile(
      "(?<![\\w.+-])\\([2-9]\\d{2}\\) ?[2-9]\\d{2}[ .-]\\d{4}(?!\\w|[.-]\\d)");

  private static final Pattern NANP = Pattern.compile(
      "(?<![\\w.+-])(?<!\\d )(?:1([.-]))?[2-9]\\d{2}([.-])[2-9]\\d{2}\\2\\d{4}(?!\\w|[.-]\\d)");

  private static final Pattern TRUNK = Pattern.compile(
      "(?<![\\w.+-])(?<!\\d[ -])(?:\\(0[1-9]\\d{0,3}+\\)|0[1-9]\\d{0,3}+)[ -]\\d{3,4}+"
          + "(?:[ -]?\\d{2,4}+)?(?!\\w|[.-]\\d)");

  private static final Pattern[] UNLABELLED = {PLUS, DOUBLE_ZERO, NANP_PARENS, NANP, TRUNK};

  /** A character each of {@link #UNLABELLED} needs in the span, to skip it cheaply; 0 if none. */
  private static final char[] NEEDS = {'+', '0', '(', 0, '0'};

  /** Creates the detector; it is stateless and may be shared. */
  public PhoneDetector() {
    super("phone", Category.PHONE, JOIN_HYPHEN | JOIN_SPACED, SEAM_WINDOW);
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    char head = b.charAt(bStart);
    if (!Text.isDigit(head) && head != '(') {
      return false;
    }
    if (a.charAt(aEnd - 1) == '-') {
      return aEnd >= 2 && Text.isDigit(a.charAt(aEnd - 2));
    }
    for (int i = tailStart; i < aEnd; i++) {
      char c = a.charAt(i);
      if ((c == '+' || c == '(') && i + 1 < aEnd && Text.isDigit(a.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    // Only spans of digits and phone punctuation holding 8 or more digits go to the patterns; a
    // label is looked for just before such a span.
    int[] taken = null;
    int count = 0;
    int len = text.length();
    int i = 0;
    while (i < len) {
      if (!isPhoneChar(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int digits = 0;
      while (i < len && isPhoneChar(text.charAt(i))) {
        if (Text.isDigit(text.charAt(i))) {
          digits++;
        }
        i++;
      }
      if (digits < 8) {
        continue;
      }
      if (taken == null) {
        taken = new int[2 * MAX_NUMBERS_PER_LINE];
      }
      count = scanSpan(text, start, i, hits, taken, count);
    }
  }

  private int scanSpan(String text, int from, int to, Hits hits, int[] taken, int count) {
    if (followsLabel(text, from)) {
      int start = from;
      while (start < to && text.charAt(start) == ' ') {
        start++;
      }
      int end = lastDigitEnd(text, start, Math.min(to, start + MAX_LABELLED));
      char first = start < to ? text.charAt(start) : ' ';
      boolean numberLike = Text.isDigit(first) || first == '+' || first == '(';
      if (count < taken.length && start < end && numberLike && digitsInRange(text, start, end)) {
        hits.add(start, end, id());
        taken[count++] = start;
        taken[count++] = end;
      }
    }
    for (int k = 0; k < UNLABELLED.length; k++) {
      char needed = NEEDS[k];
      if (needed != 0 && !Text.contains(text, needed, from, to)) {
        continue;
      }
      Matcher m = UNLABELLED[k].matcher(text).region(from, to).useTransparentBounds(true);
      while (m.find() && count < taken.length) {
        int start = m.start();
        int end = shedTrailingGroups(text, start, m.end());
        if (end < 0 || overlaps(taken, count, start, end)) {
          continue;
        }
        hits.add(start, end, id());
        taken[count++] = start;
        taken[count++] = end;
      }
    }
    return count;
  }

  /** Whether a phone label ("Tel.:", "Phone number", "Mobile #") ends just before {@code at}. */
  private static boolean followsLabel(String text, int at) {
    int wordEnd = skipBackLabelPunctuation(text, at);
    int wordStart = wordStart(text, wordEnd);
    if (wordStart == wordEnd) {
      return false;
    }
    String word = text.substring(wordStart, wordEnd).toLowerCase(Locale.ROOT);
    if (NUMBER_WORDS.contains(word)) {
      wordEnd = skipBackLabelPunctuation(text, wordStart);
      wordStart = wordStart(text, wordEnd);
      word = text.substring(wordStart, wordEnd).toLowerCase(Locale.ROOT);
    }
    return LABELS.contains(word);
  }

  private static int skipBackLabelPunctuation(String text, int i) {
    while (i > 0) {
      char c = text.charAt(i - 1);
      if (c != ' ' && c != '\t' && c != ':' && c != '#' && c != '.') {
        break;
      }
      i--;
    }
    return i;
  }

  private static int wordStart(String text, int end) {
    int i = end;
    while (i > 0 && end - i < 10 && Text.isAsciiLetter(text.charAt(i - 1))) {
      i--;
    }
    return i > 0 && Text.isAsciiLetter(text.charAt(i - 1)) ? end : i;
  }

  private static boolean isPhoneChar(char c) {
    return Text.isDigit(c) || c == ' ' || c == '(' || c == ')' || c == '+' || c == '-' || c == '.'
        || c == '/';
  }

  /** Drops whole trailing groups while the number has more than 15 digits; -1 if too short. */
  private static int shedTrailingGroups(String text, int start, int end) {
    int digits = Text.countDigits(text, start, end);
    while (digits > 15) {
      int cut = end - 1;
      while (cut > start && Text.isDigit(text.charAt(cut - 1))) {
        cut--;
      }
      digits -= end - cut;
      end = cut - 1; // drop the separator too
      if (end <= start || !Text.isDigit(text.charAt(end - 1))) {
        return -1;
      }
    }
    return digits >= minDigits(text, start) ? end : -1;
  }

  /** 8 digits, not counting the {@code 00} international prefix. */
  private static int minDigits(String text, int start) {
    return text.startsWith("00", start) ? 10 : 8;
  }

  private static boolean digitsInRange(String text, int start, int end) {
    int digits = Text.countDigits(text, start, end);
    return digits >= 8 && digits <= 15;
  }

  private static int lastDigitEnd(String text, int start, int end) {
    while (end > start && !Text.isDigit(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static boolean overlaps(int[] taken, int count, int start, int end) {
    for (int i = 0; i < count; i += 2) {
      if (start < taken[i + 1] && taken[i] < end) {
        return true;
      }
    }
    return false;
  }
}
