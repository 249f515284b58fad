package io.screentrail.redact.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON Web Tokens ({@code jwt}): three base64url segments, the first starting with {@code eyJ}
 * (the encoding of <code>{"</code>). The signature may be empty ({@code alg: none}).
 */
public final class JwtDetector extends LineDetector {

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
  void scan(String text, String previous, Hits hits) {
    int at = text.indexOf("eyJ");
    Matcher m = null;
    while (at >= 0) {
      int next = at + 3;
      if (m == null) {
        m = JWT.matcher(text).useTransparentBounds(true);
      }
      m.region(at, text.length());
      if (m.lookingAt()) {
        hits.add(at, m.end(), id());
        next = m.end();
      }
      at = text.indexOf("eyJ", next);
    }
  }
}
