package io.screentrail.redact.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON Web Tokens ({@code jwt}): three base64url segments, the first starting with {@code eyJ}
 * (the encoding of <code>{"</code>). The signature may be empty ({@code alg: none}). A token
 * wrapped over several lines of a narrow column (a phone-width mail, a chat bubble) is followed
 * from a line ending in its start through each next line that begins with base64url text and is
 * filled by it, up to {@link #MAX_WRAPPED_LINES} lines.
 */
public final class JwtDetector extends LineDetector {

  /** Lines a wrapped token is followed over. */
  static final int MAX_WRAPPED_LINES = 12;

  private static final Pattern JWT = Pattern.compile(
      "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{7,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

  /** Creates the detector; it is stateless and may be shared. */
  public JwtDetector() {
    super("jwt", Category.JWT, JOIN_TIGHT, 0);
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    int at = a.indexOf("eyJ", tailStart);
    return at >= 0 && at < aEnd;
  }

  @Override
  void findOverLines(List<String> lines, List<Finding> out) {
    int n = lines.size();
    StringBuilder joined = null;
    int[] from = new int[MAX_WRAPPED_LINES];
    int[] to = new int[MAX_WRAPPED_LINES];
    for (int i = 0; i + 2 < n; i++) {
      String a = lines.get(i);
      int aEnd = trimmedEnd(a);
      int start = aEnd;
      while (start > 0 && isTokenChar(a.charAt(start - 1))) {
        start--;
      }
      int at = a.indexOf("eyJ", start);
      if (at < 0 || at >= aEnd) {
        continue;
      }
      if (joined == null) {
        joined = new StringBuilder(256);
      }
      joined.setLength(0);
      joined.append(a, at, aEnd);
      from[0] = at;
      to[0] = aEnd;
      int count = 1;
      while (i + count < n && count < MAX_WRAPPED_LINES) {
        String b = lines.get(i + count);
        int bStart = trimmedStart(b);
        int bEnd = trimmedEnd(b);
        int tokenEnd = bStart;
        while (tokenEnd < bEnd && isTokenChar(b.charAt(tokenEnd))) {
          tokenEnd++;
        }
        if (tokenEnd == bStart) {
          break;
        }
        boolean filled = tokenEnd == bEnd || looksEncoded(b, bStart, bEnd);
        if (!filled && !looksEncoded(b, bStart, tokenEnd)) {
          break; // a word after the token's last line ("It expires ...")
        }
        int end = filled ? bEnd : tokenEnd;
        for (int k = bStart; k < end; k++) {
          if (b.charAt(k) != ' ') {
            joined.append(b.charAt(k)); // OCR's stray spaces inside the token dropped
          }
        }
        from[count] = bStart;
        to[count] = end;
        count++;
        if (!filled) {
          break; // the token ends inside this line
        }
      }
      Matcher m = JWT.matcher(joined);
      if (count < 3 || !m.lookingAt()) {
        continue;
      }
      int left = m.end();
      for (int k = 0; k < count && left > 0; k++) {
        String line = lines.get(i + k);
        int end = from[k];
        while (end < to[k] && left > 0) {
          if (line.charAt(end) != ' ') {
            left--;
          }
          end++;
        }
        out.add(new Finding(id(), category(), i + k, from[k], end));
      }
    }
  }

  /**
   * Whether {@code s[from, to)} is encoded text, perhaps cut by OCR's stray spaces ({@code
   * jOxNzAxMTg5Mj g3fQ. wBaCguB00kn3pNU-}), rather than words: only token characters and spaces,
   * and every piece holds a digit or an upper-case letter after a lower-case one, as a piece of
   * base64 nearly always does and a word ({@code then}, {@code It}) does not.
   */
  private static boolean looksEncoded(String s, int from, int to) {
    boolean mixed = false;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : ' ';
      if (c == ' ') {
        if (i > from && s.charAt(i - 1) != ' ' && !mixed) {
          return false;
        }
        mixed = false;
        continue;
      }
      if (!isTokenChar(c)) {
        return false;
      }
      mixed |= Text.isDigit(c)
          || (i > from && Character.isUpperCase(c) && Character.isLowerCase(s.charAt(i - 1)));
    }
    return true;
  }

  private static boolean isTokenChar(char c) {
    return Text.isAsciiLetter(c) || Text.isDigit(c) || c == '_' || c == '-' || c == '.';
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    int at = text.indexOf("eyJ");
    Matcher m = null;
    Matcher garbled = null;
    while (at >= 0) {
      int next = at + 3;
      if (m == null) {
        m = JWT.matcher(text).useTransparentBounds(true);
        garbled = HEADER_THEN_PAYLOAD.matcher(text).useTransparentBounds(true);
      }
      m.region(at, text.length());
      garbled.region(at, text.length());
      if (m.lookingAt()) {
        next = overPieces(text, m.end());
        hits.add(at, next, id());
      } else if (garbled.lookingAt()) {
        // Only with the payload's end in sight: a second dot (a header and payload alone, or
        // a token wrapped at the line's end, are the strict pattern's or the seam's).
        int end = overPieces(text, garbled.end());
        int payload = text.indexOf("eyJ", text.indexOf('.', at));
        int dot = text.indexOf('.', payload);
        if (dot >= 0 && dot < end) {
          hits.add(at, end, id());
          next = end;
        }
      }
      at = text.indexOf("eyJ", next);
    }
  }

  /**
   * A header and the start of a payload ({@code eyJ...} twice): the rest of a token whose
   * payload OCR garbled ({@code ...aWFO@l j oxNZASNTCxODMzfQ . DSRGeQ}), an {@code @} for a
   * {@code 0} and spaces inside, which the strict pattern rejects.
   */
  private static final Pattern HEADER_THEN_PAYLOAD =
      Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{7,} ?\\. ?eyJ\\S*");

  /** Pieces a token split by OCR's spaces is followed over. */
  private static final int MAX_PIECES = 6;

  /**
   * Where a token ending at {@code end} really ends: through up to {@link #MAX_PIECES} pieces
   * after single spaces that are not words, such as a stray letter, a dot, or a piece of base64
   * (see {@link #looksEncoded}); a word, a quote or a wider gap ends it.
   */
  private static int overPieces(String text, int end) {
    for (int k = 0; k < MAX_PIECES; k++) {
      if (end + 1 >= text.length() || text.charAt(end) != ' ' || text.charAt(end + 1) == ' ') {
        break;
      }
      int next = text.indexOf(' ', end + 1);
      next = next < 0 ? text.length() : next;
      boolean stray = next - end - 1 == 1 && text.charAt(end + 1) != '"'
          && text.charAt(end + 1) != '\'';
      if (!stray && !looksEncoded(text, end + 1, next)) {
        break;
      }
      end = next;
    }
    return end;
  }
}
