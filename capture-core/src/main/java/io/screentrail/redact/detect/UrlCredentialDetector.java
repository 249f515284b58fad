package io.screentrail.redact.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials in a URL's user-info ({@code url-credential}): the {@code user:password} of {@code
 * scheme://user:password@host}, as in database and broker connection strings. A URL with a user
 * but no password, or with a port ({@code host:8080}), is not a credential.
 */
public final class UrlCredentialDetector extends LineDetector {

  // The password may contain '@' (unescaped, as people paste them): it runs to the last '@' before
  // the host, and the host must start right after it.
  private static final Pattern USER_INFO = Pattern.compile(
      "(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}://([^\\s:/?#@]*):([^\\s/?#]+)@"
          + "(?=[A-Za-z0-9\\[])");

  private static final int MAX_SCHEME = 21;

  /** Creates the detector; it is stateless and may be shared. */
  public UrlCredentialDetector() {
    super("url-credential", Category.URL_CREDENTIAL, JOIN_TIGHT, 0);
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    return Text.contains(a, '/', tailStart, aEnd)
        && (Text.contains(a, '@', tailStart, aEnd) || Text.contains(b, '@', bStart, headEnd));
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    if (text.indexOf('@') < 0) {
      return;
    }
    // From each "://", back over the scheme, then one anchored match.
    int sep = text.indexOf("://");
    Matcher m = null;
    while (sep >= 0) {
      int start = sep;
      while (start > 0 && sep - start <= MAX_SCHEME && isSchemeChar(text.charAt(start - 1))) {
        start--;
      }
      int next = sep + 3;
      if (start < sep) {
        if (m == null) {
          m = USER_INFO.matcher(text).useTransparentBounds(true);
        }
        m.region(start, text.length());
        if (m.lookingAt()) {
          hits.add(m.start(1), m.end(2), id());
          next = m.end();
        }
      }
      sep = text.indexOf("://", next);
    }
  }

  private static boolean isSchemeChar(char c) {
    return Text.isAsciiLetter(c) || Text.isDigit(c) || c == '+' || c == '.' || c == '-';
  }
}
