package io.screentrail.redact.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials in a URL's user-info ({@code url-credential}): the {@code user:password} of {@code
 * scheme://user:password@host}, as in database and broker connection strings. A URL with a user
 * but no password, or with a port ({@code host:8080}), is not a credential.
 *
 * <p>OCR of small terminal fonts garbles the punctuation: {@code postgres? //admin: pw@db},
 * {@code redist//deploy:pw@cache}, {@code amqp://guest :pw@rabbit}, {@code svc? pw@cluster}.
 * So the scheme's colon may be missing or read as {@code ;} or {@code ?}, a space may stand on
 * either side of it and of the user's colon, and that colon may be read as {@code ;} or {@code
 * ?}; the {@code //}, the user-info's {@code @} and a host right after it are still required.
 * A long password in a monospace font comes back in pieces ({@code glpat -Nu_oouKk__ gi
 * 9TLSRUE30@git Lab.example.com}): up to three spaces inside it are allowed, unless the user
 * name has a dot, as a host name before prose does.
 */
public final class UrlCredentialDetector extends LineDetector {

  // The password may contain '@' (unescaped, as people paste them): it runs to the last '@' before
  // the host, and the host must start right after it.
  private static final Pattern USER_INFO = Pattern.compile(
      "(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}(?:[:;?] ?| [:;?] ?)?//"
          + "([^\\s:;/?#@]*) ?[:;?] ?([^\\s/?#]+(?: [^\\s/?#]+){0,3})@(?=[A-Za-z0-9\\[])");

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
    if (text.indexOf('@') < 0 || text.indexOf("//") < 0) {
      return;
    }
    Matcher m = USER_INFO.matcher(text);
    while (m.find()) {
      // "https://portal.example.com: ask bob@example.com" is prose after a URL, not a password
      // in pieces: a user-info's user name is not a host name.
      if (m.group(2).indexOf(' ') < 0 || m.group(1).indexOf('.') < 0) {
        hits.add(m.start(1), m.end(2), id());
      }
    }
  }
}
