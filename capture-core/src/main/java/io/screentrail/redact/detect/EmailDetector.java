package io.screentrail.redact.detect;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses ({@code email}). The domain must end in a letters-only top-level label, which
 * keeps out {@code lodash@4.17.21}; image names such as {@code icon@2x.png} are skipped, and so is
 * the {@code user:password@host} of a URL ({@code scheme://} before the {@code @} with no {@code /}
 * between), which {@link UrlCredentialDetector} covers. So is a shell prompt's {@code
 * root@web01.prod:/var/log#}.
 */
public final class EmailDetector extends LineDetector {

  private static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,24}"
          + "(?![A-Za-z0-9-])");

  /** Longest user-info of a URL looked through ({@code scheme://user:password@}). */
  private static final int MAX_USER_INFO = 256;

  /** Longest local part (RFC 5321). */
  private static final int MAX_LOCAL = 64;

  private static final Set<String> FILE_EXTENSIONS =
      Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "avif", "css", "js");

  /** Creates the detector; it is stateless and may be shared. */
  public EmailDetector() {
    super("email", Category.EMAIL, JOIN_TIGHT, 0);
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    // From each '@', back to where the local part may start, then one anchored match.
    int at = text.indexOf('@');
    if (at < 0) {
      return;
    }
    boolean hasUrl = text.indexOf("://") >= 0;
    int from = 0;
    Matcher m = null;
    while (at >= 0) {
      int start = at;
      while (start > from && at - start < MAX_LOCAL && isLocalChar(text.charAt(start - 1))) {
        start--;
      }
      int next = at + 1;
      if (start < at && !(hasUrl && inUrlAuthority(text, at))) {
        if (m == null) {
          m = EMAIL.matcher(text).useTransparentBounds(true);
        }
        m.region(start, text.length());
        if (m.lookingAt() && !isFileName(text, m.end()) && !Text.isPromptTail(text, m.end())) {
          hits.add(start, m.end(), id());
          from = m.end();
          next = from;
        }
      }
      at = text.indexOf('@', next);
    }
  }

  private static boolean isLocalChar(char c) {
    return Text.isAsciiLetter(c) || Text.isDigit(c) || c == '.' || c == '_' || c == '%'
        || c == '+' || c == '-';
  }

  /** Whether the domain ending at {@code end} ends in an image or web file extension. */
  private static boolean isFileName(String text, int end) {
    int dot = text.lastIndexOf('.', end - 1);
    return FILE_EXTENSIONS.contains(text.substring(dot + 1, end).toLowerCase(Locale.ROOT));
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    return Text.contains(a, '@', tailStart, aEnd) || Text.contains(b, '@', bStart, headEnd);
  }

  /**
   * Whether the {@code @} at {@code at} separates a URL's user-info from its host; user-info
   * longer than {@link #MAX_USER_INFO} is not looked for, which keeps a line of many {@code @}
   * linear.
   */
  private static boolean inUrlAuthority(String text, int at) {
    for (int i = at - 1, stop = Math.max(2, at - MAX_USER_INFO); i >= stop; i--) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        return false;
      }
      if (c == '/') {
        return text.charAt(i - 1) == '/' && text.charAt(i - 2) == ':';
      }
    }
    return false;
  }
}
