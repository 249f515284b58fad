package io.screentrail.redact.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS access key ids ({@code aws-access-key}): {@code AKIA} (long-term) or {@code ASIA}
 * (temporary) followed by 16 upper-case letters and digits, where a {@code /} or {@code ?} is
 * taken for a digit: how OCR reads a {@code 7} in a small terminal font.
 */
public final class AwsAccessKeyDetector extends LineDetector {

  private static final Pattern KEY_ID =
      Pattern.compile("(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z0-9/?]{16}(?![A-Za-z0-9])");

  private static final int KEY_LENGTH = 20;

  /** Creates the detector; it is stateless and may be shared. */
  public AwsAccessKeyDetector() {
    super("aws-access-key", Category.CLOUD_KEY, JOIN_TIGHT, 0);
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    return aEnd - tailStart + headEnd - bStart >= KEY_LENGTH
        && Text.contains(a, 'A', tailStart, aEnd);
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    if (text.indexOf("AKIA") < 0 && text.indexOf("ASIA") < 0) {
      return;
    }
    Matcher m = KEY_ID.matcher(text);
    while (m.find()) {
      hits.add(m.start(), m.end(), id());
    }
  }
}
