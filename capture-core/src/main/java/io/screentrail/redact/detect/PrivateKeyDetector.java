package io.screentrail.redact.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM private keys ({@code private-key}): from the {@code -----BEGIN ... PRIVATE KEY-----} marker
 * to the end of its line, every line after it, and the {@code -----END ... PRIVATE KEY-----} line
 * up to its marker: one finding per line. RSA, EC, DSA, OpenSSH, encrypted PKCS#8 and PGP ({@code
 * PRIVATE KEY BLOCK}) markers all count; OCR may shorten or lengthen the dash runs.
 *
 * <p>A key whose END marker is not on screen is taken to run off the bottom: every following line
 * is covered, up to the next BEGIN or END marker of any PEM block. A key pasted as one line (JSON
 * with {@code \n} escapes) is covered from BEGIN to END on that line.
 */
public final class PrivateKeyDetector implements Detector {

  private static final Pattern BEGIN =
      Pattern.compile("-{2,}\\s?BEGIN(?: [A-Z0-9]+)* PRIVATE KEY(?: BLOCK)?\\s?-{2,}");

  private static final Pattern END =
      Pattern.compile("-{2,}\\s?END(?: [A-Z0-9]+)* PRIVATE KEY(?: BLOCK)?\\s?-{2,}");

  /** Creates the detector; it is stateless and may be shared. */
  public PrivateKeyDetector() {}

  @Override
  public String id() {
    return "private-key";
  }

  @Override
  public Category category() {
    return Category.PRIVATE_KEY;
  }

  @Override
  public void find(List<String> lines, List<Finding> out) {
    int n = lines.size();
    for (int i = 0; i < n; i++) {
      String line = lines.get(i);
      if (line.indexOf("PRIVATE KEY") < 0) {
        continue;
      }
      Matcher begin = BEGIN.matcher(line);
      if (!begin.find()) {
        continue;
      }
      Matcher end = END.matcher(line);
      if (end.find(begin.end())) {
        add(out, i, begin.start(), end.end());
        continue;
      }
      add(out, i, begin.start(), LineDetector.trimmedEnd(line));
      i = coverBody(lines, i + 1, out);
    }
  }

  /** Covers the key body from {@code from}; returns the index of the last line covered. */
  private int coverBody(List<String> lines, int from, List<Finding> out) {
    boolean afterGap = false;
    for (int i = from; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.indexOf("-----") >= 0 || line.indexOf("END") >= 0) {
        Matcher end = END.matcher(line);
        if (end.find()) {
          add(out, i, LineDetector.trimmedStart(line), end.end());
          return i;
        }
        if (line.indexOf("BEGIN") >= 0 && line.indexOf("--") >= 0) {
          return i - 1; // another PEM block starts: the key ran off screen before it
        }
      }
      if (line.isBlank()) {
        afterGap = true;
        continue;
      }
      if (!looksLikeKeyBody(line) || afterGap && line.strip().length() < MIN_PIECE) {
        // Not base64, or after a gap (a line not read, or text that does not follow: another
        // column) not a full line of it: the key ran off screen and this is other text.
        return i - 1;
      }
      afterGap = false;
      add(out, i, LineDetector.trimmedStart(line), LineDetector.trimmedEnd(line));
    }
    return lines.size() - 1;
  }

  /**
   * A line of a key's body as OCR reads it: one long run of base64 characters, perhaps split
   * by a few stray spaces or misread symbols, never prose.
   */
  private static boolean looksLikeKeyBody(String line) {
    String t = line.strip();
    if (t.length() < 8) {
      return t.chars().noneMatch(Character::isWhitespace);
    }
    int spaces = 0;
    int base64 = 0;
    int run = 0;
    int longest = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ' ') {
        spaces++;
        run = 0;
      } else {
        longest = Math.max(longest, ++run);
        if (Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=') {
          base64++;
        }
      }
    }
    // Words apart ("Item details", the next column's heading) are prose: OCR splits a body's
    // line into a few pieces, at least one of them long.
    return spaces <= 4 && (spaces == 0 || longest >= MIN_PIECE)
        && base64 * 10 >= (t.length() - spaces) * 8;
  }

  /**
   * The longest piece of a body line OCR split with spaces is at least this long; after a gap,
   * the body goes on only through a line at least this long.
   */
  private static final int MIN_PIECE = 16;

  private void add(List<Finding> out, int line, int start, int end) {
    if (end > start) {
      out.add(new Finding(id(), Category.PRIVATE_KEY, line, start, end));
    }
  }
}
