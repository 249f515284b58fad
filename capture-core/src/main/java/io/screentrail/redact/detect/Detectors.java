package io.screentrail.redact.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The default detector set and the scan that runs it over the lines of one OCR'd region.
 *
 * <p>Overlapping findings (a JWT inside an {@code Authorization:} header assignment, a {@code
 * Password:} value found by two detectors) are merged into one covering both; the merged finding
 * keeps the id and category of the one that starts first, or at the same start the longer one, or
 * at equal ranges the one whose detector comes first in {@link #defaults()}, which lists specific
 * detectors before general ones. A password, key, token or e-mail address is first widened over
 * the tokens OCR may have split from it with a space (see {@link #scan(List, List)}).
 *
 * <p>A scan may run on any thread and on several at once: the detectors share no mutable state.
 */
public final class Detectors {

  private static final List<Detector> DEFAULTS = withOcrTolerant(
      new PrivateKeyDetector(),
      new JwtDetector(),
      new AwsAccessKeyDetector(),
      new AwsSecretKeyDetector(),
      new TotpSecretDetector(),
      new ApiTokenDetector(),
      new UrlCredentialDetector(),
      new PaymentCardDetector(),
      new IbanDetector(),
      new UsSsnDetector(),
      new EmailDetector(),
      new PhoneDetector(),
      new PasswordLabelDetector(),
      new SecretAssignmentDetector());

  /** The exact detectors first, then the OCR-tolerant ones that catch what OCR garbled. */
  private static List<Detector> withOcrTolerant(Detector... exact) {
    List<Detector> all = new ArrayList<>(List.of(exact));
    all.addAll(OcrTolerantDetectors.all());
    return List.copyOf(all);
  }

  private static final Comparator<Finding> READING_ORDER =
      Comparator.comparingInt(Finding::line)
          .thenComparingInt(Finding::start)
          .thenComparing(Comparator.comparingInt(Finding::end).reversed());

  private Detectors() {}

  /** Every built-in detector, most specific first; the list and its detectors are immutable. */
  public static List<Detector> defaults() {
    return DEFAULTS;
  }

  /**
   * Runs {@link #defaults()} over {@code lines} and merges overlapping findings.
   *
   * @param lines OCR'd text lines of one region, top to bottom
   * @return findings in reading order (line, then start), none overlapping another
   */
  public static List<Finding> scan(List<String> lines) {
    return scan(DEFAULTS, lines);
  }

  /**
   * Runs {@code detectors} over {@code lines} and merges overlapping findings.
   *
   * @return findings in reading order (line, then start), none overlapping another
   */
  public static List<Finding> scan(List<Detector> detectors, List<String> lines) {
    List<Finding> found = new ArrayList<>();
    for (Detector detector : detectors) {
      detector.find(lines, found);
    }
    for (int i = 0, n = found.size(); i < n; i++) {
      Finding f = found.get(i);
      String text = lines.get(f.line());
      f = wholeWord(f, text);
      int end = splitValueEnd(f, text);
      int start = splitValueStart(f, text);
      if (end > f.end() || start < f.start() || f != found.get(i)) {
        found.set(i, new Finding(f.detectorId(), f.category(), f.line(), start, end));
      }
    }
    addWrappedPieces(found, lines);
    addBesideValues(found, lines);
    return merge(found);
  }

  /** The id of findings {@link #addWrappedPieces} adds. */
  static final String WRAPPED_PIECE = "wrapped-piece";

  /**
   * A key or token that starts a line may have begun at the end of the line before (a wrap):
   * the last token there is hidden too, under {@link #WRAPPED_PIECE}, unless it is an ordinary
   * word, a lone character or symbol, or holds an {@code =} or {@code :} (a key, as each line of
   * an env listing ends in a value that the next line's key does not continue; for the same
   * reason the next line's first token after a value ending a line is left). The detectors join
   * a seam only where the joined text is a whole value; when OCR broke the value elsewhere too
   * ({@code ghp_btgx6u} / {@code NMO6b4bDBULXROFNF FhRhm...}), the piece beyond the seam was
   * left legible.
   */
  private static void addWrappedPieces(List<Finding> found, List<String> lines) {
    for (int i = 0, n = found.size(); i < n; i++) {
      Finding f = found.get(i);
      if (!isSecret(f)) {
        continue;
      }
      String text = lines.get(f.line());
      if (f.line() > 0 && f.start() <= LineDetector.trimmedStart(text)) {
        String prev = lines.get(f.line() - 1);
        int end = LineDetector.trimmedEnd(prev);
        int start = prev.lastIndexOf(' ', end - 1) + 1;
        addPiece(found, n, f, f.line() - 1, prev, start, end);
      }
    }
  }

  private static void addPiece(List<Finding> found, int n, Finding f, int line, String text,
      int start, int end) {
    if (end - start >= 2 && (hasLetter(text, start, end) || Text.countDigits(text, start, end) > 0)
        && !Text.contains(text, '=', start, end) && !Text.contains(text, ':', start, end)
        && !ORDINARY_WORD.matcher(text).region(start, end).matches()
        && !overlapsAny(found, n, line, start, end)) {
      found.add(new Finding(WRAPPED_PIECE, f.category(), line, start, end));
    }
  }

  /** The id of findings {@link #addBesideValues} adds. */
  static final String BESIDE_VALUE = "beside-value";

  /**
   * In a line where a value was found, every other token that holds an {@code @} or a run of
   * four digits is hidden too, under {@link #BESIDE_VALUE} with the category of the line's first
   * value: a line that holds one value is where a second one is, and OCR may have garbled the
   * second past every pattern (a terminal line {@code user6030 pays with card 4111 ... mail
   * jane.doe6030@example.com} was once stored with its card hidden and its address legible).
   */
  private static void addBesideValues(List<Finding> found, List<String> lines) {
    for (int i = 0, n = found.size(); i < n; i++) {
      Finding first = found.get(i);
      if (firstOnItsLine(found, n, i)) {
        String text = lines.get(first.line());
        int start = 0;
        while (start < text.length()) {
          while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
          }
          int end = start;
          while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
          }
          if (end > start && mayBeValue(text, start, end)
              && !overlapsAny(found, n, first.line(), start, end)) {
            found.add(new Finding(BESIDE_VALUE, first.category(), first.line(), start, end));
          }
          start = end;
        }
      }
    }
  }

  private static boolean firstOnItsLine(List<Finding> found, int n, int i) {
    for (int j = 0; j < i; j++) {
      if (found.get(j).line() == found.get(i).line()) {
        return false;
      }
    }
    return true;
  }

  /** A date or a time of day, as logs print them: kept legible beside a value. */
  private static final Pattern DATE_OR_TIME = Pattern.compile("[(\\[]?(?:"
      + "\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?:T[0-9:.]+Z?)?"
      + "|\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)[)\\],]?");

  /**
   * Whether the token holds an {@code @} beside other characters (a shell prompt excepted), or
   * four digits in a row, and is not a date or a time. With two digits or more, OCR's
   * look-alikes of a digit count as digits in the run ({@code user$111} is {@code user9111}).
   */
  private static boolean mayBeValue(String text, int start, int end) {
    if (DATE_OR_TIME.matcher(text).region(start, end).matches()) {
      return false;
    }
    int digits = 0;
    for (int c = start; c < end; c++) {
      char ch = text.charAt(c);
      if (ch == '@' && end - start > 2) {
        // A shell prompt's user@host:~/dir$ at the start of a command line is not a value.
        int colon = text.indexOf(':', c);
        return colon < 0 || colon >= end || !Text.isPromptTail(text, colon);
      }
      digits += Text.isDigit(ch) ? 1 : 0;
    }
    int run = 0;
    for (int c = start; c < end && digits >= 2; c++) {
      char ch = text.charAt(c);
      run = Text.isDigit(ch) || DIGIT_LOOK_ALIKES.indexOf(ch) >= 0 ? run + 1 : 0;
      if (run >= 4) {
        return true;
      }
    }
    return false;
  }

  /** Characters OCR reads for a digit in small terminal fonts. */
  private static final String DIGIT_LOOK_ALIKES = "$SOoIlB?/";

  private static boolean overlapsAny(List<Finding> found, int n, int line, int start, int end) {
    for (int j = 0; j < n; j++) {
      Finding f = found.get(j);
      if (f.line() == line && f.start() < end && start < f.end()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A finding that starts or ends inside a word, widened to the word's edge: a value that OCR
   * read with an {@code @} inside ({@code R4nd@mT@k3n...}, an {@code O} in a token) is found from
   * its last {@code @}, which left {@code R4nd@} legible. A finding starts inside a word when a
   * letter, digit or {@code @} precedes it, and ends inside one when a letter or digit follows.
   */
  private static Finding wholeWord(Finding f, String text) {
    int start = f.start();
    while (start > 0 && isWordChar(text.charAt(start - 1), true)) {
      start--;
    }
    int end = f.end();
    while (end < text.length() && isWordChar(text.charAt(end), false)) {
      end++;
    }
    return start == f.start() && end == f.end()
        ? f : new Finding(f.detectorId(), f.category(), f.line(), start, end);
  }

  private static boolean isWordChar(char c, boolean before) {
    return Text.isAsciiLetter(c) || Text.isDigit(c) || (before && c == '@');
  }

  /** Tokens a split secret is widened over at most. */
  private static final int MAX_SPLITS = 3;

  private static final Pattern ORDINARY_WORD = Pattern.compile("[A-Z]?[a-z]+[.,;:!?)]*");

  /**
   * A command line's option ({@code -u}, {@code --user}) or a URL before a key: {@code curl
   * https://api.example.com/v1 -u sk_live_...} hid the URL with the key.
   */
  private static final Pattern COMMAND_WORD =
      Pattern.compile("-[A-Za-z]{1,2}|--[a-z][a-z-]*=?|[A-Za-z][A-Za-z0-9+.-]*://\\S*");

  /**
   * Where a secret really ends: OCR of a small font puts spaces inside values ({@code
   * Hunter2! Zebra}, {@code ghp_R4nd...AbCdEFGHI jKIMnOp}, {@code ...bPxRF iC YEXAMPLEKEY}), and
   * each detector stops at the first. Up to {@link #MAX_SPLITS} tokens after single spaces are
   * taken in: after a password or a secret assignment's value the first one whatever it is
   * (hiding one word too many costs little), and otherwise while they are not ordinary words.
   */
  private static int splitValueEnd(Finding f, String text) {
    boolean always =
        f.category() == Category.PASSWORD || f.detectorId().equals("secret-assignment");
    boolean secret = isSecret(f);
    int end = f.end();
    for (int k = 0; secret && k < MAX_SPLITS; k++) {
      if (end + 1 >= text.length() || text.charAt(end) != ' ' || text.charAt(end + 1) == ' ') {
        break;
      }
      int next = text.indexOf(' ', end + 1);
      next = next < 0 ? text.length() : next;
      if (next - end - 1 == 1 && Character.isLetterOrDigit(text.charAt(end + 1))
          && followedByPiece(text, next)) {
        end = next; // one character OCR set apart inside a token (...Ge2m5 j FOL9x20Dnep)
        continue;
      }
      if (!(always && k == 0) && (next - end - 1 < 2
          || ORDINARY_WORD.matcher(text).region(end + 1, next).matches())) {
        break;
      }
      end = next;
    }
    return end;
  }

  /** Whether a piece of two characters or more that is not an ordinary word follows {@code at}. */
  private static boolean followedByPiece(String text, int at) {
    if (at + 2 >= text.length() || text.charAt(at) != ' ' || text.charAt(at + 1) == ' ') {
      return false;
    }
    int end = text.indexOf(' ', at + 1);
    end = end < 0 ? text.length() : end;
    return end - at - 1 >= 2 && !ORDINARY_WORD.matcher(text).region(at + 1, end).matches();
  }

  /**
   * Where a key or token split by OCR really starts: a detector that recognises only its second
   * part ({@code RHNOCGMHB15Rj fj2rNqiCyv...}, the random-looking tail) leaves the first legible.
   * Up to {@link #MAX_SPLITS} tokens before single spaces are taken in while they are not
   * ordinary words, options or URLs and hold a letter or digit (so an {@code =} or {@code :}
   * stops it). An e-mail address goes to {@link #addressStart}.
   */
  private static int splitValueStart(Finding f, String text) {
    if (f.category() == Category.EMAIL) {
      return addressStart(f.start(), text);
    }
    if (!isSecret(f)) {
      return f.start();
    }
    int start = f.start();
    for (int k = 0; k < MAX_SPLITS; k++) {
      if (start < 3 || text.charAt(start - 1) != ' ' || text.charAt(start - 2) == ' ') {
        break;
      }
      int prev = text.lastIndexOf(' ', start - 2) + 1;
      if (start - 1 - prev < 2 || Text.countDigits(text, prev, start - 1) == 0
          && !hasLetter(text, prev, start - 1)
          || ORDINARY_WORD.matcher(text).region(prev, start - 1).matches()
          || COMMAND_WORD.matcher(text).region(prev, start - 1).matches()) {
        break;
      }
      start = prev;
    }
    return start;
  }

  /**
   * Where an e-mail address found at {@code start} really begins: OCR of a small font puts a
   * space after a dot or comma of the local part ({@code jane. doe60@example.com}), or reads an
   * underscore as one ({@code ops _team@}), and matching from {@code doe60} or {@code _team} left
   * the first word legible. So one whole token of local-part characters before one space is
   * taken in when it ends in {@code .} or {@code ,}, or the address starts with {@code _ . -}.
   * An ordinary word that ends a sentence before an address ({@code Thanks, ann@example.com})
   * is hidden with it.
   */
  private static int addressStart(int start, String text) {
    if (start < 2 || text.charAt(start - 1) != ' ') {
      return start;
    }
    char end = text.charAt(start - 2);
    char first = text.charAt(start);
    if (end != '.' && end != ',' && first != '_' && first != '.' && first != '-') {
      return start;
    }
    int i = start - 1;
    boolean word = false;
    while (i > 0 && isLocalPartChar(text.charAt(i - 1))) {
      i--;
      word |= Text.isAsciiLetter(text.charAt(i)) || Text.isDigit(text.charAt(i));
    }
    // The whole token, from the line's start, a space or a key's = (: or >, as OCR reads an =):
    // never a piece of another address.
    boolean whole = i == 0 || " =:>".indexOf(text.charAt(i - 1)) >= 0;
    return word && whole ? i : start;
  }

  /** Characters of an e-mail local part as OCR returns them (commas for dots). */
  private static boolean isLocalPartChar(char c) {
    return Text.isAsciiLetter(c) || Text.isDigit(c) || c == '.' || c == ',' || c == '_'
        || c == '%' || c == '+' || c == '-';
  }

  private static boolean isSecret(Finding f) {
    return f.category() == Category.PASSWORD || f.category() == Category.SECRET
        || f.category() == Category.CLOUD_KEY || f.category() == Category.API_TOKEN
        || f.category() == Category.JWT || f.category() == Category.URL_CREDENTIAL;
  }

  private static boolean hasLetter(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Text.isAsciiLetter(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sorts {@code findings} in place into reading order and returns them with overlapping ones
   * merged; ties keep their order in the input, which is the order of {@link #defaults()}.
   */
  static List<Finding> merge(List<Finding> findings) {
    if (findings.size() < 2) {
      return findings;
    }
    findings.sort(READING_ORDER);
    List<Finding> merged = new ArrayList<>(findings.size());
    Finding current = findings.get(0);
    for (int i = 1, n = findings.size(); i < n; i++) {
      Finding next = findings.get(i);
      if (next.overlaps(current)) {
        if (next.end() > current.end()) {
          current = new Finding(current.detectorId(), current.category(), current.line(),
              current.start(), next.end());
        }
      } else {
        merged.add(current);
        current = next;
      }
    }
    merged.add(current);
    return merged;
  }
}
