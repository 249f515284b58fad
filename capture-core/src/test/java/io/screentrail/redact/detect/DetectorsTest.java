package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DetectorsTest {

  private static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJlX3ZhbHVlX2hlcmU";

  /** What OCR returns for a screen with an editor, a chat, a mail and a terminal side by side. */
  private static final List<String> MIXED_SCREEN = List.of(
      /* 0 */ "# .env  (production)",
      /* 1 */ "NODE_ENV=production",
      /* 2 */ "DATABASE_URL=postgres://app:Tr0ub4dor&3@db.internal:5432/shop",
      /* 3 */ "STRIPE_SECRET_KEY=sk_live_51HxYzAbCdEfGhIjKlMnOpQr",
      /* 4 */ "SESSION_TIMEOUT=3600",
      /* 5 */ "ADMIN_PASSWORD=changeme",
      /* 6 */ "PUBLIC_URL=https://shop.example.com",
      /* 7 */ "[#deploys] alice 10:42  new CI token is ghp_R4nd0mT0k3nV4lu3Xy2AbCdEfGhIjKlMnOpQ",
      /* 8 */ "[#deploys] bob 10:43  thanks! rotating the old one, build 2.14.3 is green",
      /* 9 */ "[#deploys] carol 10:44  wifi password: Sunfl0wer!23 and call me at (212) 555-0199",
      /* 10 */ "Best regards,",
      /* 11 */ "Jane Doe | Head of Payments",
      /* 12 */ "jane.doe@example.com | +44 20 7946 0958",
      /* 13 */ "IBAN: GB82 WEST 1234 5698 7654 32",
      /* 14 */ "2024-11-22 14:03:05.123 INFO  PaymentService - charged 4111 1111 1111 1111"
          + " for order 100234 ($49.99)",
      /* 15 */ "2024-11-22 14:03:05.456 WARN  AuthFilter - rejected Authorization: Bearer " + JWT,
      /* 16 */ "2024-11-22 14:03:06.001 INFO  Health - ok in 35ms, commit"
          + " 3f2a9c1d4b5e6f708192a3b4c5d6e7f809a1b2c3, colour #ff5733");

  @Test
  void findsExactlyTheSecretsOnAMixedScreen() {
    assertThat(Scans.scan(MIXED_SCREEN.toArray(String[]::new))).containsExactly(
        "url-credential 2:app:Tr0ub4dor&3",
        "token-stripe 3:sk_live_51HxYzAbCdEfGhIjKlMnOpQr",
        "secret-assignment 5:changeme",
        "token-github 7:ghp_R4nd0mT0k3nV4lu3Xy2AbCdEfGhIjKlMnOpQ",
        "password-label 9:Sunfl0wer!23 and",
        "phone 9:(212) 555-0199",
        "email 12:jane.doe@example.com",
        "phone 12:+44 20 7946 0958",
        "iban 13:GB82 WEST 1234 5698 7654 32",
        "payment-card 14:4111 1111 1111 1111",
        "beside-value 14:100234",
        "jwt 15:" + JWT);
  }

  @Test
  void findingsCarryTheirDetectorsCategory() {
    List<Finding> findings = Detectors.scan(MIXED_SCREEN);
    assertThat(findings).extracting(Finding::category).containsExactly(
        Category.URL_CREDENTIAL, Category.API_TOKEN, Category.SECRET, Category.API_TOKEN,
        Category.PASSWORD, Category.PHONE, Category.EMAIL, Category.PHONE, Category.BANK_ACCOUNT,
        Category.PAYMENT_CARD, Category.PAYMENT_CARD, Category.JWT);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "The quick brown fox jumps over the lazy dog; Bob's blog is big.",
    "Release v2.14.3 (build 10.0.19045.3570) shipped 2024-11-22 at 14:03:05.123Z",
    "Order #100234-7781 total $1,234.56 incl. 19% VAT, due 22.11.2024",
    "1732272000000 1732272000000123 epoch; uptime 12:30:45; took 35 ms",
    "colours #ff5733 #00FF00 rgb(255, 87, 51); commit 3f2a9c1d4b5e6f708192a3b4c5d6e7f809a1b2c3",
    "short sha 3f2a9c1, tag v1.0.0-rc.1+build.5, semver ^4.17.21",
    "  public static String password() { return vault.read(\"db\"); }",
    "Passwords and tokens must be rotated every 90 days (see policy SEC-12).",
    "ISBN 978-3-16-148410-0, DOI 10.1000/182, arXiv:2301.01234",
    "Total 4,111.11 EUR; qty 1111 1111 pcs; page 12 of 345",
    "10.0.0.12 - - [22/Nov/2024:14:03:05 +0000] \"GET /api/v1/orders?page=2 HTTP/1.1\" 200 5123",
  })
  void ordinaryTextHasNoFindings(String line) {
    assertThat(Detectors.scan(List.of(line))).isEmpty();
  }

  @Test
  void overlappingFindingsOfDifferentDetectorsMerge() {
    // The JWT detector and the Authorization assignment cover the same token.
    assertThat(Scans.scan("Authorization: Bearer " + JWT)).containsExactly("jwt 0:" + JWT);
    // Both password detectors cover hunter2; the label detector comes first in the defaults.
    assertThat(Scans.scan("Password: hunter2")).containsExactly("password-label 0:hunter2");
    // The AWS detector and the assignment cover the same key.
    assertThat(Scans.scan("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
        .containsExactly("aws-secret-key 0:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  @Test
  void mergeJoinsOverlapsKeepsTheFirstAndLeavesNeighboursApart() {
    List<Finding> findings = new ArrayList<>(List.of(
        new Finding("b", Category.SECRET, 0, 3, 8),
        new Finding("a", Category.JWT, 0, 0, 5),
        new Finding("c", Category.EMAIL, 0, 8, 10),
        new Finding("d", Category.PHONE, 1, 0, 2),
        new Finding("e", Category.PHONE, 0, 6, 7)));
    assertThat(Detectors.merge(findings)).containsExactly(
        new Finding("a", Category.JWT, 0, 0, 8),
        new Finding("c", Category.EMAIL, 0, 8, 10),
        new Finding("d", Category.PHONE, 1, 0, 2));
  }

  @Test
  void mergeKeepsTheLongerOfTwoFindingsStartingTogether() {
    List<Finding> findings = new ArrayList<>(List.of(
        new Finding("short", Category.SECRET, 0, 4, 6),
        new Finding("long", Category.API_TOKEN, 0, 4, 20)));
    assertThat(Detectors.merge(findings))
        .containsExactly(new Finding("long", Category.API_TOKEN, 0, 4, 20));
  }

  @Test
  void wrappedValuesGiveOneFindingPerLine() {
    assertThat(Scans.scan(
        "Card on file: 4lll 1111",
        "1111 1111, exp 12/26",
        "IBAN DE89 3704 0044",
        "0532 0130 00",
        "token ghp_R4nd0mT0k3nV4lu3",
        "Xy2AbCdEfGhIjKlMnOpQ ok"))
        .containsExactly(
            "payment-card 0:4lll 1111",
            "payment-card 1:1111 1111",
            "card-details 1:12/26",
            "iban 2:DE89 3704 0044",
            "iban 3:0532 0130 00",
            "token-github 4:ghp_R4nd0mT0k3nV4lu3",
            "token-github 5:Xy2AbCdEfGhIjKlMnOpQ");
  }

  @Test
  void ocrLookalikesInACardAreRepaired() {
    assertThat(Scans.scan("Visa 4lll 1111 1111 1111 / MC 55OO 0000 OOOO 0004"))
        .containsExactly(
            "payment-card 0:4lll 1111 1111 1111", "payment-card 0:55OO 0000 OOOO 0004");
  }

  /**
   * What Tesseract returned for xterm's 6x13 font on a screen of {@code userN ... mail
   * jane.doeN@example.com ok} lines: dots as commas, and the {@code @} as {@code G} or {@code B}
   * after some digits. Each address is hidden whole.
   */
  @Test
  void addressesAsTesseractReadThemInASmallTerminalFontAreFoundWhole() {
    assertThat(Scans.scan(
        "user60 pays with card mail jane,doe60Gexample,com ok",
        "user400 pays with card mail jane,doed00Bexample.com ok",
        "user41 pays with card mail jane,doedi@example,com ok",
        "user401 pays with card mail jane,doed01@example.,com ok",
        "users39 pays with card mail jane,does33bexample,com ok",
        "user164? pays with card mail jane,doel647example,com ok",
        "userS067 pays with card mail jane,doeS06/Gexample,com ok"))
        .contains(
            "email-ocr 0:jane,doe60Gexample,com",
            "email-ocr 1:jane,doed00Bexample.com",
            "email-fragment 2:jane,doedi@example,com",
            "email-fragment 3:jane,doed01@example.,com",
            "email-ocr 4:jane,does33bexample,com",
            "email-ocr 5:jane,doel647example,com",
            "email-ocr 6:jane,doeS06/Gexample,com");
  }

  /**
   * The same font with OCR reading a space after the local part's dot, or the {@code 7@} of
   * {@code doe6047@} as one {@code ?}: the word before the space is part of the address.
   */
  @Test
  void aLocalPartSplitByOcrIsHiddenFromItsFirstWord() {
    assertThat(Scans.scan(
        "user6001 pays with card mail jane. doe6001@example.com ok",
        "user6002 pays with card mail jane, doe6002Gexample,com ok",
        "user6003 pays with card mail jane. doe6003@example,com ok",
        "user6047? pays with card mail jane,doe604?example.com ok",
        "ann@example.org, bob@example.org",
        "row14 email ops _team+2@example.org end",
        "SUPPORT_INBOX>billing. alerts@example.com"))
        .contains(
            "email 0:jane. doe6001@example.com",
            "email-ocr 1:jane, doe6002Gexample,com",
            "email-fragment 2:jane. doe6003@example,com",
            "email-ocr 3:jane,doe604?example.com",
            "email-fragment 4:ann@example.org,",
            "email 4:bob@example.org",
            "email 5:ops _team+2@example.org",
            "email 6:billing. alerts@example.com");
  }

  /**
   * Shell prompts are not addresses, also with a dotted host or as root, nor values beside one;
   * an address right after a variable's {@code =} is hidden without the variable's name.
   */
  @Test
  void promptsAreNotAddressesAndAKeyBeforeAnAddressStays() {
    assertThat(Scans.scan(
        "ops@bastion-2:~/payments-api$ cat .env",
        "root@web01.prod:/var/log# tail -f syslog",
        "SUPPORT_INBOX=billing-alerts@exampLle. com",
        "mail root@web01.prod: it bounced",
        "ops@bastion-2:~/api$ psql postgres://app:S3cr3tPw@db.internal/ledger"))
        .containsExactly("email-fragment 2:billing-alerts@exampLle.",
            "email-fragment 3:root@web01.prod:", "url-credential 4:app:S3cr3tPw");
  }

  /**
   * OCR putting a space beside the {@code @}, or reading a bracket before it: the address is
   * still hidden whole, and an {@code @} that no domain follows is not taken.
   */
  @Test
  void anAddressWithASpaceOrBracketAtItsAtIsHidden() {
    assertThat(Scans.scan(
        "user6030 pays with card mail jane.doe6030 @example.com ok",
        "mail jane.doe6031@ example,com ok",
        "mail jane.doe6032 @ example.com ok",
        "mail jane.doe6033(@example.com ok",
        "follow @example on the site", "meet @ 5.30 ok", "a @ b"))
        .containsExactly(
            "beside-value 0:user6030",
            "email-fragment 0:jane.doe6030 @example.com",
            "email-fragment 1:jane.doe6031@ example,com",
            "email-fragment 2:jane.doe6032 @ example.com",
            "email-fragment 3:jane.doe6033(@example.com");
  }

  /**
   * A line where one value was found hides the tokens beside it that may be values OCR garbled
   * past every pattern (an {@code @}, four digits in a row); a line without a value keeps them.
   */
  @Test
  void tokensBesideAFoundValueThatMayBeValuesAreHiddenToo() {
    assertThat(Scans.scan(
        "user6030 pays with card 4111 1111 1111 1111 mail jane.doe6030%example.com ok",
        "order 20261122 shipped on 12.5 to ssn 078-05-1120 ok"))
        .containsExactly(
            "beside-value 0:user6030", "payment-card 0:4111 1111 1111 1111",
            "beside-value 0:jane.doe6030%example.com", "beside-value 1:20261122",
            "us-ssn 1:078-05-1120");
    assertThat(Scans.scan("order 20261122 shipped on 12.5 to user6030")).isEmpty();
    // A digit read as a look-alike still makes four in a row; a word of look-alikes does not.
    assertThat(Scans.scan("user$111 Sold ISO 2B pays with card 4111 1111 1111 1111"))
        .containsExactly("beside-value 0:user$111", "payment-card 0:4111 1111 1111 1111");
  }

  /** Card numbers as Tesseract read them in the same font: extra digits, stray dots. */
  @Test
  void cardsReadWithExtraDigitsInASmallTerminalFontAreFound() {
    assertThat(Scans.scan(
        "user6003 pays with card 4111 114141 11141 11411 mail",
        "user6007 pays with card 41411 114141 11141 11411 mail",
        "user/32? pays with card 4111. 1111 1111. 1111 mail",
        "row card 5555 5555 5555 dd4d4 end"))
        .contains(
            "digit-groups 0:4111 114141 11141 11411",
            "digit-groups 1:41411 114141 11141 11411",
            "digit-groups 2:4111. 1111 1111. 1111",
            "digit-groups 3:5555 5555 5555 dd4d4");
  }

  /**
   * Keys and cards in the same font that no detector saw: a {@code 7} read as {@code /}, an
   * Amex group read a digit too long; and values OCR split with a space, whose second part
   * was left legible.
   */
  @Test
  void keysCardsAndSplitSecretsInASmallTerminalFontAreFoundWhole() {
    assertThat(Scans.scan(
        "aws AKIAIOSFODNN/EXAMPLE end",
        "card 3782-8224635-10005 end",
        "pass password=Hunter2! Zebra end",
        "aws_secret_access_key=wJalrXUtnFEMI /K7MDENG/bPxRFiCYEXAMPLEKEY end",
        "token xoxb-2048-4096-AbCdEFGHI jK1MnOpQrSt end",
        "token ghp_R4ndOmTOk3n4lu3ky2AbCdEFGHI jKIMnOp end",
        "secret aws_secret_access_key=wJalrKUtnFEMI/K7MDENG/bPxRF iC YEXAMPLEKEY end"))
        .contains(
            "aws-access-key 0:AKIAIOSFODNN/EXAMPLE",
            "digit-groups 1:3782-8224635-10005",
            "secret-assignment 2:Hunter2! Zebra",
            "secret-assignment 3:wJalrXUtnFEMI /K7MDENG/bPxRFiCYEXAMPLEKEY",
            "token-slack 4:xoxb-2048-4096-AbCdEFGHI jK1MnOpQrSt",
            "random-token 5:ghp_R4ndOmTOk3n4lu3ky2AbCdEFGHI jKIMnOp",
            "secret-assignment 6:wJalrKUtnFEMI/K7MDENG/bPxRF iC YEXAMPLEKEY");
  }

  /**
   * In DejaVu Sans Mono at 7 pt: an {@code O} of a token read as {@code @} (found from its last
   * {@code @}, which left {@code R4nd@} legible), an AWS key's underscores read as spaces and its
   * last character as punctuation (no detector fired).
   */
  @Test
  void valuesReadWithAnAtInsideOrAGarbledEndAreHiddenWhole() {
    assertThat(Scans.scan(
        "token ghp R4nd@mT@k3nV4lu3Xy2AbCdEfGhHIjKLMn08 and xoxb-2648-4096-AbCdEfGh8",
        "secret aws secret_access key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE]",
        "secret aws secret_access key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE®"))
        .containsExactly(
            "random-token 0:R4nd@mT@k3nV4lu3Xy2AbCdEfGhHIjKLMn08",
            "token-slack 0:xoxb-2648-4096-AbCdEfGh8",
            "aws-secret-key 1:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE",
            "secret-assignment 2:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE®");
    // The same font: a 0 read as @ before the address's @, a zero of an SSN read as 6 with a
    // digit too many; at 8 pt spaces around a Slack token's dashes.
    assertThat(Scans.scan(
        "user® pays with card mail jane.doe@@example.com ok",
        "ssn 678-05-11208 phone", "ssn 678-065-1121 phone",
        "and xoxb-2048 - 4096 -AbCdEfGh3", "row token xoxb - 2048 -4096 -AbCdEfGhIjKLMnOpQrst end"))
        .containsExactly("email-fragment 0:jane.doe@@example.com", "us-ssn 1:678-05-11208",
            "us-ssn 2:678-065-1121", "token-slack 3:xoxb-2048 - 4096 -AbCdEfGh3",
            "token-slack 4:xoxb - 2048 -4096 -AbCdEfGhIjKLMnOpQrst");
    // The key with OCR's spaces for underscores names a secret, whatever the value.
    assertThat(Scans.scan("aws secret_access key=x")).containsExactly("secret-assignment 0:x");
    assertThat(Scans.scan("the password reset count=3", "for i in x=1")).isEmpty();
  }

  /** OCR split a key where only the second part looks random: the first part goes with it. */
  @Test
  void aKeyWhoseFirstPartAloneLooksOrdinaryIsHiddenWhole() {
    assertThat(Scans.scan("aws secret_access key = RHNOCGMHB15Rj fj2rNqiCyvVKwzlSVD0+7BGkXwl"))
        .containsExactly("secret-assignment 0:RHNOCGMHB15Rj fj2rNqiCyvVKwzlSVD0+7BGkXwl");
  }

  /**
   * A token wrapped where OCR also broke it elsewhere: the seam does not make a whole value, so
   * the piece beyond it (a token's prefix at the line's end, the start of a key) is hidden too.
   */
  @Test
  void thePieceOfAWrappedTokenBeyondTheSeamIsHidden() {
    assertThat(Scans.scan("I used my personal token, revoke it when done: ghp_btgx6u",
        "NMO6b4bDBULXROFNF FhRhmNLICXZYAu . The maps widget also logs its browser key AI",
        "Zabejw_oz5MNqe2gvC90MeYQOXxjx4M-bQOtn on every request.", "$ ls",
        "SESSION_TIMEOUT=3600", "R4nd0mT0k3n4lu3ky2AbCdEFGH"))
        .contains("wrapped-piece 0:ghp_btgx6u", "wrapped-piece 1:AI")
        .noneMatch(f -> f.startsWith("wrapped-piece 3") || f.startsWith("wrapped-piece 4"));
  }

  /** One character OCR set apart inside a token does not end it. */
  @Test
  void aTokenIsFollowedOverOneCharacterOcrSetApart() {
    assertThat(Scans.scan(
        "OPENAI_API_KEY=sk-proj -axpE-MT3GKGZiL8mvykFCdpumVhCz5QGe2m5 j FOL9x20Dnep",
        "token R4nd0mT0k3n4lu3ky2AbCdEFGH a list"))
        .containsExactly(
            "random-token 0:OPENAI_API_KEY=sk-proj -axpE-MT3GKGZiL8mvykFCdpumVhCz5QGe2m5 j "
                + "FOL9x20Dnep",
            "random-token 1:R4nd0mT0k3n4lu3ky2AbCdEFGH");
  }

  /** A command line's URL and option before a split key stay legible. */
  @Test
  void aSplitKeyIsNotWidenedOverACommandsUrlOrOption() {
    assertThat(Scans.scan("curl https://api.stripe.com/vl/charges -u R4nd0mT0k3n4lu3 "
        + "ky2AbCdEFGHIjKlM9"))
        .containsExactly("random-token 0:R4nd0mT0k3n4lu3 ky2AbCdEFGHIjKlM9");
  }

  @Test
  void aTokenIsNotWidenedOverAnOrdinaryWordNorDatesIntoCards() {
    assertThat(Scans.scan("token ghp_R4ndOmTOk3n4lu3ky2AbCdEFGHI expires soon",
        "built 2026-11-22 at 10-43-01, run 1234-5678 done"))
        .containsExactly("random-token 0:ghp_R4ndOmTOk3n4lu3ky2AbCdEFGHI");
  }

  @Test
  void aWordEndingASentenceBeforeAnAddressIsTakenOnlyUpToThePreviousAddress() {
    assertThat(Scans.scan("Thanks, ann@example.org and a@b.io, c@d.io"))
        .contains("email 0:Thanks, ann@example.org", "email 0:a@b.io", "email 0:c@d.io");
  }

  @Test
  void namesThatOnlyLookLikeAMisreadAddressAreLeftAlone() {
    assertThat(Scans.scan(
        "see www.Google.com and FrameStoreBenchmark.java",
        "GitHub.com, MyBook.pdf, a,b,c and x.Bar.com, youtube.com, v2.5-beta.tar.gz, abc123.com"))
        .noneMatch(f -> f.startsWith("email"));
  }

  @Test
  void defaultsHaveDistinctIdsAndAreShared() {
    Set<String> ids = new HashSet<>();
    for (Detector d : Detectors.defaults()) {
      assertThat(ids.add(d.id())).as(d.id()).isTrue();
    }
    assertThat(ids).containsExactlyInAnyOrder("private-key", "jwt", "aws-access-key",
        "aws-secret-key", "totp-secret", "api-token", "url-credential", "payment-card", "iban",
        "us-ssn", "email", "phone", "password-label", "secret-assignment", "random-token",
        "password-shape", "payment-card-ocr", "phone-layout", "iban-shape", "uk-nino",
        "card-details", "digit-groups", "email-fragment", "email-ocr");
    assertThat(Detectors.defaults()).isSameAs(Detectors.defaults());
  }

  @Test
  void emptyAndBlankInputHaveNoFindings() {
    assertThat(Detectors.scan(List.of())).isEmpty();
    assertThat(Detectors.scan(List.of("", "   ", "\t"))).isEmpty();
  }

  @Test
  void printsTheTimeToScanA150LineScreen() {
    List<String> screen = new ArrayList<>();
    while (screen.size() < 150) {
      screen.addAll(MIXED_SCREEN);
      screen.add("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor");
      screen.add("  for (int i = 0; i < n; i++) { total += prices[i] * 1.19; } // VAT 2024-11-22");
    }
    List<String> lines = screen.subList(0, 150);
    int sink = 0;
    // Let the JIT compile the scan first: a few thousand scans, at most two seconds.
    long warmUntil = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; i < 3_000 && System.nanoTime() < warmUntil; i++) {
      sink += Detectors.scan(lines).size();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int runs = 200;
    long wall = System.nanoTime();
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < runs; i++) {
      sink += Detectors.scan(lines).size();
    }
    double wallMicros = (System.nanoTime() - wall) / 1e3 / runs;
    double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / runs;
    // A rough figure for the log, not a benchmark: machines, loads and coverage agents differ.
    System.out.printf("Detectors.scan, 150-line screen: %.0f us wall, %.0f us cpu, %d findings%n",
        wallMicros, cpuMicros, Detectors.scan(lines).size());
    assertThat(sink).isPositive();
  }
}
