package io.screentrail.redact.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authenticator (TOTP) seeds as set-up pages and password managers show them ({@code
 * totp-secret}): base32 in groups of four, {@code SGHW KQW2 6WEP IAFO VUTA 5E7M PUXB XYLC}. Whoever
 * reads one can make the account's second factor forever. Ungrouped seeds are long random tokens,
 * which {@code random-token} takes; grouped, every piece is too short for it.
 *
 * <p>At least four groups, one case throughout, and a digit inside a group of letters (base32's
 * digits are 2-7; OCR may read an {@code O} as {@code 0} or an {@code I} as {@code 1}, so every
 * digit counts): four upper-case four-letter words in a row ({@code THIS WILL FAIL SOON}) have
 * none. Lower-case seeds need two digits, as lower-case prose of four-letter words is common. Six
 * groups or more need no digit, only one letter. A seed wrapped after a group is joined across
 * the lines.
 */
public final class TotpSecretDetector extends LineDetector {

  private static final Pattern UPPER =
      Pattern.compile("(?<![A-Za-z0-9])[A-Z0-9]{4}(?: [A-Z0-9]{4}){3,}(?![A-Za-z0-9])");
  private static final Pattern LOWER =
      Pattern.compile("(?<![A-Za-z0-9])[a-z0-9]{4}(?: [a-z0-9]{4}){3,}(?![A-Za-z0-9])");

  /** Groups that make a seed without a digit. */
  private static final int GROUPS_WITHOUT_DIGIT = 6;

  /** Characters of the seam's sides: two groups and their spaces. */
  private static final int SEAM_WINDOW = 10;

  /** Creates the detector; it is stateless and may be shared. */
  public TotpSecretDetector() {
    super("totp-secret", Category.SECRET, JOIN_SPACED, SEAM_WINDOW);
  }

  @Override
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    return aEnd - 5 >= 0 && a.charAt(aEnd - 5) == ' ' && headEnd - bStart >= 4;
  }

  @Override
  void scan(String text, String previous, Hits hits) {
    add(UPPER.matcher(text), 1, hits);
    add(LOWER.matcher(text), 2, hits);
  }

  private void add(Matcher m, int digitsNeeded, Hits hits) {
    while (m.find()) {
      int groups = (m.end() - m.start() + 1) / 5;
      int digits = Text.countDigits(m.group());
      if (digitGroups(m.group()) < 2 && (groups >= GROUPS_WITHOUT_DIGIT
          || digits >= digitsNeeded && hasMixedGroup(m.group()))) {
        hits.add(m.start(), m.end(), id());
      }
    }
  }

  /**
   * Groups of four digits: numbers in groups (cards, IBANs, accounts) have several, the other
   * detectors' to judge; a seed hardly ever has even one.
   */
  private static int digitGroups(String groups) {
    int n = 0;
    for (int g = 0; g + 4 <= groups.length(); g += 5) {
      if (Text.countDigits(groups, g, g + 4) == 4) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether a group holds both letters and digits: a seed's digits fall among its letters, while
   * {@code FROM 2024 INTO 2025} has them apart.
   */
  private static boolean hasMixedGroup(String groups) {
    for (int g = 0; g + 4 <= groups.length(); g += 5) {
      int d = Text.countDigits(groups, g, g + 4);
      if (d > 0 && d < 4) {
        return true;
      }
    }
    return false;
  }
}
