package io.screentrail.redact.detect;

/**
 * AWS secret access keys ({@code aws-secret-key}): a 40-character token of {@code [A-Za-z0-9/+]}
 * on a line that mentions "aws" or "secret", or below such a line (a label above its value, as in
 * a console dialog). Without that context a 40-character token is too common to blur. The token
 * must mix upper and lower case with a digit, {@code /} or {@code +}, which keeps out git SHAs
 * (lower-case hex) and long identifiers. Runs of 38 to 42 are taken: OCR of small print drops or
 * doubles a character, or reads the last one as punctuation ({@code ...EXAMPLEKE]}).
 */
public final class AwsSecretKeyDetector extends LineDetector {

  private static final int KEY_LENGTH = 40;

  /** How far a run read by OCR may be from {@link #KEY_LENGTH}. */
  private static final int OCR_SLACK = 2;

  /** Creates the detector; it is stateless and may be shared. */
  public AwsSecretKeyDetector() {
    super("aws-secret-key", Category.CLOUD_KEY, JOIN_TIGHT, 0);
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    return aEnd - tailStart + headEnd - bStart >= KEY_LENGTH - OCR_SLACK;
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    // One pass for runs of about 40 key characters; the context check only runs for those.
    int len = text.length();
    int i = 0;
    boolean checked = false;
    boolean context = false;
    while (i + KEY_LENGTH - OCR_SLACK <= len) {
      if (!isKeyChar(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < len && isKeyChar(text.charAt(i))) {
        i++;
      }
      if (Math.abs(i - start - KEY_LENGTH) <= OCR_SLACK && looksRandom(text, start, i)) {
        if (!checked) {
          context = mentionsContext(text) || mentionsContext(previous);
          checked = true;
        }
        if (context) {
          hits.add(start, i, id());
        }
      }
    }
  }

  private static boolean isKeyChar(char c) {
    return Text.isAsciiLetter(c) || Text.isDigit(c) || c == '/' || c == '+';
  }

  private static boolean mentionsContext(String s) {
    return s.indexOf("aws") >= 0 || s.indexOf("AWS") >= 0 || s.indexOf("Aws") >= 0
        || s.indexOf("ecret") >= 0 || s.indexOf("ECRET") >= 0;
  }

  private static boolean looksRandom(String s, int from, int to) {
    boolean upper = false;
    boolean lower = false;
    boolean other = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
      } else {
        other = true;
      }
    }
    return upper && lower && other;
  }
}
