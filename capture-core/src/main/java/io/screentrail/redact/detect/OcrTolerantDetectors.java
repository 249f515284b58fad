package io.screentrail.redact.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detectors for values as OCR actually returns them from screens: underscores read as spaces,
 * digit groups merged or split, look-alike letters in numbers, and values whose exact format the
 * specific detectors reject (a fictional phone exchange, an IBAN whose checksum an OCR error
 * broke). They trade a few false positives for not letting a secret through: a wrongly blurred
 * random string (a git hash, a UUID) costs little, a stored key costs a lot.
 */
final class OcrTolerantDetectors {

  private OcrTolerantDetectors() {}

  /** The detectors, for {@link Detectors#defaults()}. */
  static List<Detector> all() {
    return List.of(new RandomToken(), new StrongPassword(), new LooseCard(), new LoosePhone(),
        new IbanShape(), new DigitGroups(), new EmailFragment(), new EmailMisreadAt(),
        new UkNationalInsurance(),
        new CardDetailsLabel());
  }

  /** Reports every match of {@code pattern} in {@code text} as {@code id}. */
  private static void matchAll(Pattern pattern, String text, LineDetector.Hits hits, String id) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      hits.add(m.start(), m.end(), id);
    }
  }

  /**
   * A machine-made random string: 16 or more characters of a key alphabet with digits and
   * letters mixed (API keys, tokens, AWS secrets, JWT segments), wherever it appears. URLs,
   * paths and lower-case hex hashes (git commits) are left alone.
   */
  static final class RandomToken extends LineDetector {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-+/.]{12,}={0,2}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{7,40}");

    RandomToken() {
      super("random-token", Category.SECRET, 0, 0);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      Matcher m = TOKEN.matcher(text);
      while (m.find()) {
        String t = m.group();
        if (HEX.matcher(t).matches()) {
          continue; // a commit or content hash: public, and everywhere on developers' screens
        }
        int before = m.start() > 0 ? text.charAt(m.start() - 1) : ' ';
        if (before == ':' && m.start() > 1 && text.charAt(m.start() - 2) == '/'
            || t.startsWith("//") || t.contains("://") || t.startsWith("www.")) {
          continue;
        }
        int digits = 0;
        int upper = 0;
        int lower = 0;
        for (int i = 0; i < t.length(); i++) {
          char c = t.charAt(i);
          if (c >= '0' && c <= '9') {
            digits++;
          } else if (c >= 'A' && c <= 'Z') {
            upper++;
          } else if (c >= 'a' && c <= 'z') {
            lower++;
          }
        }
        boolean path = t.indexOf('/') >= 0 && lower > 0 && upper == 0 && digits < 4;
        // Mixed case with digits is random from 12 characters on; other mixes from 16.
        boolean mixedCase = upper >= 2 && lower >= 2 && digits >= 2;
        boolean upperKey = t.length() >= 16 && lower == 0 && upper >= 8 && digits >= 2;
        boolean longNumberish = t.length() >= 16 && t.indexOf('.') < 0 && digits >= 4
            && upper + lower >= 6;
        if (!path && (mixedCase || upperKey || longNumberish)) {
          hits.add(m.start(), m.end(), "random-token");
        }
      }
    }
  }

  /**
   * A password-shaped word: 8 to 32 characters with upper and lower case, a digit and a symbol
   * (not the underscores and dashes of identifiers).
   */
  static final class StrongPassword extends LineDetector {
    private static final Pattern WORD = Pattern.compile("\\S{8,32}");

    StrongPassword() {
      super("password-shape", Category.PASSWORD, 0, 0);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      Matcher m = WORD.matcher(text);
      while (m.find()) {
        String w = m.group().replaceAll("[.,;:!?)\"']+$", "");
        boolean up = false;
        boolean low = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < w.length(); i++) {
          char c = w.charAt(i);
          up |= Character.isUpperCase(c);
          low |= Character.isLowerCase(c);
          digit |= Character.isDigit(c);
          symbol |= "!#$%&*+?^~".indexOf(c) >= 0;
        }
        if (up && low && digit && symbol && w.indexOf('@') < 0 && w.indexOf("://") < 0) {
          hits.add(m.start(), m.start() + w.length(), "password-shape");
        }
      }
    }
  }

  /** 13 to 19 digits (look-alikes allowed) with any spacing OCR produced, Luhn-valid. */
  static final class LooseCard extends LineDetector {
    private static final Pattern RUN =
        Pattern.compile("[0-9OolIDQSsZzBbG|]([0-9OolIDQSsZzBbG| -]{11,30})[0-9OolIDQSsZzBbG|]");

    LooseCard() {
      super("payment-card-ocr", Category.PAYMENT_CARD, JOIN_SPACED, 24);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      Matcher m = RUN.matcher(text);
      char[] digits = new char[20];
      while (m.find()) {
        int n = 0;
        boolean ok = true;
        for (int i = m.start(); i < m.end() && ok; i++) {
          char c = text.charAt(i);
          if (c == ' ' || c == '-') {
            continue;
          }
          char d = Text.asDigit(c);
          ok = d != 0 && n < digits.length;
          if (ok) {
            digits[n++] = d;
          }
        }
        int real = Text.countDigits(text, m.start(), m.end());
        if (ok && n >= 13 && n <= 19 && real * 4 >= n * 3 && Text.luhnValid(digits, n)) {
          hits.add(m.start(), m.end(), "payment-card-ocr");
        }
      }
    }
  }

  /** North American and international numbers in common layouts, whatever the exchange. */
  static final class LoosePhone extends LineDetector {
    private static final Pattern PHONE = Pattern.compile(
        "(?<![\\w/])(?:\\+\\d{1,3}[ .-]?)?\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}(?!\\d)"
            + "|(?<![\\w/])\\d{3}[.-]\\d{3}[.-]\\d{4}(?!\\d)");

    LoosePhone() {
      super("phone-layout", Category.PHONE, 0, 0);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      matchAll(PHONE, text, hits, "phone-layout");
    }
  }

  /** The shape of an IBAN (country, check digits, grouped account), checksum or not. */
  static final class IbanShape extends LineDetector {
    private static final Pattern IBAN = Pattern.compile(
        "(?<![A-Za-z0-9])[A-Z]{2}[0-9OolISGZB]{2}(?: ?[A-Z0-9OolI]{4,5}){2,7}(?: ?[A-Z0-9]{1,4})?"
            + "(?![A-Za-z0-9])");

    IbanShape() {
      super("iban-shape", Category.BANK_ACCOUNT, JOIN_SPACED, 24);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      Matcher m = IBAN.matcher(text);
      while (m.find()) {
        String v = m.group().replace(" ", "");
        if (v.length() >= 15 && Text.countDigits(v, 4, v.length()) * 2 >= v.length() - 4) {
          hits.add(m.start(), m.end(), "iban-shape");
        }
      }
    }
  }

  /**
   * Groups of digits in a row, split by spaces or dashes (an account number, an IBAN whose
   * letters OCR garbled, a card in unusual groups): four or more groups with at least 10 digits,
   * or three with at least 13 ({@code 3782-822463-10005}), look-alikes allowed. A group may
   * hold up to 7 and end in a dot or comma: in xterm's 6x13 font Tesseract reads {@code 4111
   * 1111 1111 1111} as {@code 41411 114141 11141 11411} or {@code 4111. 1111 1111. 1111}, and
   * a {@code 4444} as {@code dd4d4}, which no checksum or card layout accepts.
   */
  static final class DigitGroups extends LineDetector {
    private static final Pattern GROUPS = Pattern.compile(
        "(?<![0-9A-Za-z])(?:[0-9OoIlSBd]{3,7}[.,]?[ -]){2,}[0-9OoIlSBd]{2,7}(?![0-9A-Za-z])");

    DigitGroups() {
      super("digit-groups", Category.BANK_ACCOUNT, JOIN_SPACED, 24);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      Matcher m = GROUPS.matcher(text);
      while (m.find()) {
        int digits = Text.countDigits(text, m.start(), m.end());
        if (digits >= 13 || digits >= 10 && groups(text, m.start(), m.end()) >= 4) {
          hits.add(m.start(), m.end(), "digit-groups");
        }
      }
    }

    private static int groups(String text, int from, int to) {
      int n = 1;
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        if (c == ' ' || c == '-') {
          n++;
        }
      }
      return n;
    }
  }

  /**
   * A token with an {@code @} inside that the e-mail pattern rejects: an address OCR garbled
   * ({@code morgan.ellison/7/@example.net}, {@code jane,doe41@example,com} from a terminal's
   * small font, where dots come back as commas) or cut by a line wrap ({@code m.ellison@bright-}).
   * A comma is part of the token: stopping at it left {@code jane,} of such an address unhidden.
   * A doubled {@code @} is a {@code 0} before it read as one ({@code jane.doe@@example.com}).
   * OCR may also put a space on either side of the {@code @} or read a bracket before it
   * ({@code jane.doe6030 @example.com}, {@code doe6030(@example.com}): such a token is taken when
   * what follows the {@code @} is a domain (a dot or comma, then a top-level label). A shell
   * prompt ({@code ops@bastion-2:~/api$}) is not an address, and a token stops at {@code =}
   * ({@code SUPPORT_INBOX=billing@...}): the key before it stays legible.
   */
  static final class EmailFragment extends LineDetector {
    private static final Pattern FRAGMENT =
        Pattern.compile("[^\\s@:;<>()\"'=]{2,}@@?[A-Za-z0-9][^\\s@;<>()\"']{2,}");
    private static final Pattern SPACED = Pattern.compile(
        "(?<![A-Za-z0-9._%+,-])[A-Za-z0-9._%+,-]{2,64}(?: [(\\[{]?@ ?|[(\\[{]@ ?|@ )"
            + "[A-Za-z0-9][A-Za-z0-9-]*(?:[.,][A-Za-z0-9-]+)*[.,][A-Za-z]{2,24}(?![A-Za-z0-9-])");

    EmailFragment() {
      super("email-fragment", Category.EMAIL, 0, 0);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      if (text.indexOf('@') < 0) {
        return;
      }
      Matcher m = FRAGMENT.matcher(text);
      while (m.find()) {
        int space = text.lastIndexOf(' ', m.start()) + 1;
        if (text.substring(space, m.start()).contains("://")) {
          continue; // credentials in a URL: the url-credential detector's
        }
        int colon = text.indexOf(':', m.start());
        if (colon >= 0 && colon < m.end() && Text.isPromptTail(text, colon)) {
          continue; // user@host:~/dir$, a shell prompt on every other terminal line
        }
        hits.add(m.start(), m.end(), "email-fragment");
      }
      matchAll(SPACED, text, hits, "email-fragment");
    }
  }

  /**
   * An e-mail address whose {@code @} OCR read as another glyph: in xterm's 6x13 font Tesseract
   * reads {@code doe60@example.com} as {@code doe60Gexample,com} and {@code doe400@} as
   * {@code doed00B} or {@code does33b}, or drops it ({@code doel647example,com}), also with the
   * {@code 7} before it read as {@code ?} ({@code doe604?example.com}). Without an
   * {@code @} neither e-mail detector sees it. The stand-ins are {@code G B Q & © ®}, and after a
   * digit also {@code a b e o} or nothing before a letter; the local part must not end in a dot
   * or comma (so {@code www.Google.com} is not taken), and the domain must end in a common
   * top-level domain (so that {@code FrameStoreBenchmark.java} is not taken either). The local
   * part may hold {@code /} and {@code ?}, which is how a {@code 7} comes back. A name such
   * as {@code mp3players.com} is hidden too: a few such names cost less than a stored address.
   */
  static final class EmailMisreadAt extends LineDetector {
    private static final Pattern ADDRESS = Pattern.compile(
        "(?<![A-Za-z0-9._%+,/?-])[A-Za-z0-9._%+,/?-]{0,63}"
            + "(?:[A-Za-z0-9_%+/?-][GBQ&\u00a9\u00ae]|[0-9](?:[abeo]|[/?]?(?=[A-Za-z])))"
            + "[A-Za-z0-9-]{1,63}(?:[.,]{1,2}[A-Za-z0-9-]{1,63}){0,4}[.,]{1,2}"
            + "(?i:com|net|org|edu|gov|mil|int|info|biz|io|co|me|ai|dev|app|email|mail|online"
            + "|example|test|invalid|local|de|uk|fr|nl|be|ch|at|se|no|dk|fi|es|it|pt|pl|cz|ie"
            + "|us|ca|au|nz|jp|cn|in|br|mx|ru)(?![A-Za-z0-9-])");

    EmailMisreadAt() {
      super("email-ocr", Category.EMAIL, 0, 0);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      matchAll(ADDRESS, text, hits, id());
    }
  }

  /** A UK National Insurance number: two letters, three digit pairs, a letter A to D. */
  static final class UkNationalInsurance extends LineDetector {
    private static final Pattern NINO = Pattern.compile(
        "(?<![A-Za-z0-9])[A-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D](?![A-Za-z0-9])");

    UkNationalInsurance() {
      super("uk-nino", Category.NATIONAL_ID, 0, 0);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      matchAll(NINO, text, hits, "uk-nino");
    }
  }

  /**
   * The value after a card's expiry or security code label, on the same line or, when the
   * label ends its line, at the start of the next: 3 or 4 digits, or MM/YY.
   */
  static final class CardDetailsLabel extends LineDetector {
    private static final Pattern LABEL = Pattern.compile(
        "(?i)\\b(?:cvc2?|cvv2?|csc|security code|card code|expiry|expires|expiration"
            + "(?: date)?|exp\\.?(?: date)?|valid thru|mm ?/ ?yy)\\b[^0-9A-Za-z]{0,6}");
    private static final Pattern VALUE = Pattern.compile(
        "\\b(?:[0-9OolI]{3,4}|[0-9OolI]{1,2} ?/ ?[0-9OolI]{2,4})\\b");

    CardDetailsLabel() {
      super("card-details", Category.PAYMENT_CARD, 0, 0);
    }

    @Override
    void scan(String text, String previous, Hits hits) {
      Matcher label = LABEL.matcher(text);
      while (label.find()) {
        Matcher v = VALUE.matcher(text);
        v.region(label.end(), Math.min(text.length(), label.end() + 24));
        if (v.lookingAt() || v.find()) {
          hits.add(v.start(), v.end(), "card-details");
        }
      }
      if (previous != null && LABEL.matcher(previous).find()
          && endsWithLabel(previous)) {
        Matcher v = VALUE.matcher(text);
        if (v.find() && v.start() < 4) {
          hits.add(v.start(), v.end(), "card-details");
        }
      }
    }

    private static boolean endsWithLabel(String line) {
      Matcher m = LABEL.matcher(line);
      int end = -1;
      while (m.find()) {
        end = m.end();
      }
      return end >= 0 && line.substring(end).isBlank();
    }
  }
}
