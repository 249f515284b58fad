package io.screentrail.redact.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values shown next to a password label ({@code password-label}), as OCR reads a login form, a
 * Wi-Fi card or a sticky note. Labels: Password, Passwort, Kennwort, Passcode, Passphrase, PIN
 * (upper case or "Pin", so that the verb "pin" is not one), each as a whole word, so {@code
 * Passwords} and {@code password-protected} are not labels.
 *
 * <ul>
 *   <li>{@code Password: hunter2} or {@code Password:hunter2}: the first token after the colon.
 *   <li>{@code Password   hunter2}: a form row, label and value two or more spaces (or a tab)
 *       apart; the label must start the line or follow a wide gap or {@code |}.
 *   <li>a label ending its line: {@code Password:} takes the first token of the next line, where
 *       the input field is; a short label line without colon ({@code Confirm password}) does so
 *       only if that token stands alone on its line or before a wide gap, unlike the next entry
 *       of a menu ("Change password", then "Sign out").
 * </ul>
 *
 * <p>Masks are covered too ({@code ••••••}, {@code • • • •}): a masked field shows the length.
 */
public final class PasswordLabelDetector implements Detector {

  private static final Pattern LABEL = Pattern.compile(
      "(?<![A-Za-z])(?:(?i:pass(?:word|wort|code|phrase)|kennwort)|PIN|Pin)"
          + "(?:[ -]?(?i:code))?(?![A-Za-z-])");

  /** What OCR returns for a colon in CJK-localised forms. */
  private static final char FULLWIDTH_COLON = '\uFF1A';

  /** A label line without colon may hold this many words, label included ("Wi-Fi password"). */
  private static final int MAX_LABEL_WORDS = 3;

  /** Creates the detector; it is stateless and may be shared. */
  public PasswordLabelDetector() {}

  @Override
  public String id() {
    return "password-label";
  }

  @Override
  public Category category() {
    return Category.PASSWORD;
  }

  @Override
  public void find(List<String> lines, List<Finding> out) {
    int n = lines.size();
    for (int i = 0; i < n; i++) {
      String line = lines.get(i);
      if (!mayHoldLabel(line)) {
        continue;
      }
      Matcher m = LABEL.matcher(line).useTransparentBounds(true);
      while (m.find()) {
        int after = m.end();
        int gap = skipBlanks(line, after);
        boolean colon = gap < line.length() && isColon(line.charAt(gap));
        int valueAt = colon ? skipBlanks(line, gap + 1) : gap;
        int wide = gapWidth(line, after, gap);
        if (valueAt < line.length()) {
          if (colon || (wide >= 2 && labelStartsEntry(line, m.start()))) {
            int end = valueEnd(line, valueAt);
            add(out, i, line, valueAt, end);
            m.region(end, line.length());
          }
        } else if (i + 1 < n && (colon || wordsBefore(line, m.start()) <= MAX_LABEL_WORDS)) {
          String next = lines.get(i + 1);
          int start = LineDetector.trimmedStart(next);
          int end = valueEnd(next, start);
          // Without a colon the label may be a menu entry ("Change password"): the next line
          // must read like an input field, one token alone or before a wide gap ("Show").
          if (colon || gapWidth(next, end, skipBlanks(next, end)) >= 2
              || skipBlanks(next, end) == next.length()) {
            add(out, i + 1, next, start, end);
          }
        }
      }
    }
  }

  private static boolean isColon(char c) {
    return c == ':' || c == FULLWIDTH_COLON;
  }

  private static boolean mayHoldLabel(String line) {
    return line.indexOf("ass") >= 0 || line.indexOf("ASS") >= 0 || line.indexOf("PIN") >= 0
        || line.indexOf("Pin") >= 0 || line.indexOf("ennwort") >= 0
        || line.indexOf("ENNWORT") >= 0;
  }

  /** End of the value token at {@code start}; a spaced-out mask runs over all its bullets. */
  private static int valueEnd(String line, int start) {
    int end = tokenEnd(line, start);
    if (!Values.isMask(line, start, end)) {
      return end;
    }
    while (end + 1 < line.length() && line.charAt(end) == ' ') {
      int nextEnd = tokenEnd(line, end + 1);
      if (nextEnd == end + 1 || !Values.isMask(line, end + 1, nextEnd)) {
        break;
      }
      end = nextEnd;
    }
    return end;
  }

  private static int tokenEnd(String s, int i) {
    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipBlanks(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** Width of the blank run {@code [from, to)}, a tab counting as a wide gap. */
  private static int gapWidth(String s, int from, int to) {
    int width = 0;
    for (int i = from; i < to; i++) {
      width += s.charAt(i) == '\t' ? 2 : 1;
    }
    return width;
  }

  /** Whether the label starts the line (after bullets or {@code |}) or follows a wide gap. */
  private static boolean labelStartsEntry(String line, int labelStart) {
    int i = labelStart;
    while (i > 0 && (line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
      i--;
    }
    if (i == 0 || gapWidth(line, i, labelStart) >= 2) {
      return true;
    }
    char c = line.charAt(i - 1);
    return c == '|' || c == ',' || c == ';';
  }

  private static int wordsBefore(String line, int labelStart) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < labelStart; i++) {
      boolean blank = Character.isWhitespace(line.charAt(i));
      if (!blank && !inWord) {
        words++;
      }
      inWord = !blank;
    }
    return words + 1;
  }

  private void add(List<Finding> out, int line, String text, int start, int end) {
    if (end > start && !Values.isStandIn(text, start, end, false)) {
      out.add(new Finding(id(), Category.PASSWORD, line, start, end));
    }
  }
}
