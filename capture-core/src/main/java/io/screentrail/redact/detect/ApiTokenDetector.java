package io.screentrail.redact.detect;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Service API tokens recognised by their prefix ({@code api-token}). Each finding names the
 * service in its detector id:
 *
 * <ul>
 *   <li>{@code token-github}: {@code ghp_ gho_ ghu_ ghs_ ghr_} and fine-grained {@code
 *       github_pat_}
 *   <li>{@code token-gitlab}: {@code glpat-}
 *   <li>{@code token-slack}: {@code xoxb- xoxp- xoxa- xoxr- xoxs- xapp-}
 *   <li>{@code token-stripe}: {@code sk_live_ rk_live_ sk_test_ rk_test_ pk_live_}
 *   <li>{@code token-openai}: {@code sk-} (also {@code sk-proj-}) followed by 20 or more
 *       characters mixing upper case, lower case and digits (so {@code sk-learn-tutorial} is not
 *       one)
 *   <li>{@code token-google}: {@code AIza} followed by 35 characters
 *   <li>{@code token-vault}: HashiCorp Vault {@code hvs.} and {@code hvb.}, and the legacy {@code
 *       s.} followed by 24 characters when "vault" appears on the line or the line above
 * </ul>
 *
 * <p>Lengths are minimums rather than exact (Google's excepted), so that a token OCR read one
 * character short or long is still blurred. A token must start at a word boundary. The line is
 * walked once; a regex runs only where a prefix starts.
 */
public final class ApiTokenDetector extends LineDetector {

  private static final Kind[] KINDS = {
    new Kind("token-github", Check.NONE,
        "(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})(?![A-Za-z0-9_])",
        "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    // OCR may put a space beside the dash here too (glpat -1GXIZ...).
    new Kind("token-gitlab", Check.NONE, "glpat ?[-\u2013\u2014] ?[A-Za-z0-9_-]{20,}", "glpat"),
    // OCR of small print may put a space on either side of a dash (xoxb - 2048 -4096 -AbCd) or
    // read it as an en or em dash.
    new Kind("token-slack", Check.NONE,
        "(?:xox[bpars]|xapp) ?[-\u2013\u2014] ?(?:[A-Za-z0-9]| ?[-\u2013\u2014] ?){10,}",
        "xoxb", "xoxp", "xoxa", "xoxr", "xoxs", "xapp"),
    new Kind("token-stripe", Check.NONE, "(?:[sr]k_(?:live|test)|pk_live)_[A-Za-z0-9]{16,}",
        "sk_live_", "rk_live_", "sk_test_", "rk_test_", "pk_live_"),
    new Kind("token-openai", Check.MIXED_CHARACTERS, "sk-[A-Za-z0-9_-]{20,}", "sk-"),
    new Kind("token-google", Check.NONE, "AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])", "AIza"),
    new Kind("token-vault", Check.VAULT_CONTEXT_FOR_LEGACY,
        "(?:hv[sb]\\.[A-Za-z0-9_-]{24,}|s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9]))",
        "hvs.", "hvb.", "s."),
  };

  /**
   * Characters taken from each line where a line ends in a dash: enough for a prefix that OCR
   * parted from its dash ({@code glpat -} then the rest on the next line).
   */
  private static final int HYPHEN_WINDOW = 12;

  /** Kinds by the first character of one of their prefixes. */
  private static final Kind[][] BY_FIRST_CHAR = new Kind[128][];

  static {
    for (Kind kind : KINDS) {
      for (String prefix : kind.prefixes) {
        char c = prefix.charAt(0);
        Kind[] list = BY_FIRST_CHAR[c];
        if (list == null) {
          BY_FIRST_CHAR[c] = new Kind[] {kind};
        } else if (list[list.length - 1] != kind) {
          Kind[] longer = Arrays.copyOf(list, list.length + 1);
          longer[list.length] = kind;
          BY_FIRST_CHAR[c] = longer;
        }
      }
    }
  }

  /** Creates the detector; it is stateless and may be shared. */
  public ApiTokenDetector() {
    super("api-token", Category.API_TOKEN, JOIN_TIGHT | JOIN_HYPHEN, HYPHEN_WINDOW);
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    // Every prefix but Google's has a separator; a seam inside the prefix itself is not handled.
    return Text.contains(a, '_', tailStart, aEnd) || Text.contains(a, '-', tailStart, aEnd)
        || Text.contains(a, '.', tailStart, aEnd) || Text.contains(a, 'I', tailStart, aEnd);
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    int len = text.length();
    int i = 0;
    while (i < len) {
      char c = text.charAt(i);
      Kind[] candidates = c < 128 ? BY_FIRST_CHAR[c] : null;
      if (candidates == null || (i > 0 && isTokenChar(text.charAt(i - 1)))) {
        i++;
        continue;
      }
      int end = -1;
      for (Kind kind : candidates) {
        end = kind.matchAt(text, i, previous);
        if (end > 0) {
          hits.add(i, end, kind.id);
          break;
        }
      }
      i = end > 0 ? end : i + 1;
    }
  }

  /** Characters that may precede a prefix inside a longer word, which then is no token. */
  private static boolean isTokenChar(char c) {
    return Text.isAsciiLetter(c) || Text.isDigit(c) || c == '_' || c == '-' || c == '.';
  }

  /** What a match must satisfy beyond the pattern. */
  private enum Check {
    NONE,
    /** Upper case, lower case and a digit after the prefix. */
    MIXED_CHARACTERS,
    /** The legacy {@code s.} form needs "vault" nearby; {@code hvs.}/{@code hvb.} do not. */
    VAULT_CONTEXT_FOR_LEGACY
  }

  /** One service's token shape. */
  private static final class Kind {
    final String id;
    final Check check;
    final Pattern pattern;
    final String[] prefixes;

    Kind(String id, Check check, String regex, String... prefixes) {
      this.id = id;
      this.check = check;
      this.pattern = Pattern.compile(regex);
      this.prefixes = prefixes;
    }

    /** End of this kind's token starting at {@code start}, or {@code -1}. */
    int matchAt(String text, int start, String previous) {
      boolean prefixed = false;
      for (String prefix : prefixes) {
        if (text.startsWith(prefix, start)) {
          prefixed = true;
          break;
        }
      }
      if (!prefixed) {
        return -1;
      }
      Matcher m = pattern.matcher(text).region(start, text.length());
      if (!m.lookingAt() || !accepts(text, previous, start, m.end())) {
        return -1;
      }
      return m.end();
    }

    boolean accepts(String text, String previous, int start, int end) {
      switch (check) {
        case MIXED_CHARACTERS:
          return mixesCaseAndDigits(text, start + 3, end);
        case VAULT_CONTEXT_FOR_LEGACY:
          return text.charAt(start) != 's' || mentionsVault(text) || mentionsVault(previous);
        default:
          return true;
      }
    }
  }

  private static boolean mentionsVault(String s) {
    return s.indexOf("ault") >= 0 || s.indexOf("AULT") >= 0;
  }

  private static boolean mixesCaseAndDigits(String s, int from, int to) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower && digit;
  }
}
