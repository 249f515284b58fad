package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentCardDetectorTest {

  private final Detector detector = new PaymentCardDetector();

  static Stream<Arguments> cards() {
    return Stream.of(
        Arguments.of("Card: 4111 1111 1111 1111", "4111 1111 1111 1111"),
        Arguments.of("card 5500-0000-0000-0004 exp 12/26", "5500-0000-0000-0004"),
        Arguments.of("Visa 4012888888881881.", "4012888888881881"),
        Arguments.of("Amex 3782 822463 10005", "3782 822463 10005"),
        Arguments.of("Diners 3056 930902 5904", "3056 930902 5904"),
        Arguments.of("Visa-13 4222222222222", "4222222222222"),
        Arguments.of("12 4111 1111 1111 1111 (row number first)", "4111 1111 1111 1111"),
        Arguments.of("19 digits 4000 0000 0000 0000 006", "4000 0000 0000 0000 006"),
        Arguments.of("Discover (6011 1111 1111 1117)", "6011 1111 1111 1117"),
        Arguments.of("JCB 3530 1113 3330 0000 cvv 123", "3530 1113 3330 0000"),
        Arguments.of("wide gaps 4111  1111  1111  1111", "4111  1111  1111  1111"),
        Arguments.of("with its CVV 4111 1111 1111 1111 737", "4111 1111 1111 1111"));
  }

  @ParameterizedTest
  @MethodSource("cards")
  void findsLuhnValidNumbers(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  static Stream<Arguments> ocrLookalikes() {
    return Stream.of(
        Arguments.of("card 4lll 1111 1111 1111", "4lll 1111 1111 1111"),
        Arguments.of("card 4III 1111 1111 1111", "4III 1111 1111 1111"),
        Arguments.of("card 55OO 0000 0000 0004", "55OO 0000 0000 0004"),
        Arguments.of("card 5500 OOOO 0000 0004", "5500 OOOO 0000 0004"),
        Arguments.of("card 4|11 1111 1111 1111", "4|11 1111 1111 1111"),
        Arguments.of("card 6O11 1111 1111 lll7", "6O11 1111 1111 lll7"),
        Arguments.of("card 4O128888888818B1", "4O128888888818B1"));
  }

  @ParameterizedTest
  @MethodSource("ocrLookalikes")
  void repairsOcrLookalikesBeforeTheLuhnCheck(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "card 4111 1111 1111 1112",
    "0000 0000 0000 0000",
    "Order #4111111111111111 shipped",
    "Invoice no. 4012888888881881",
    "IMEI: 356938035643809",
    "created 1732272000008 (epoch ms), 1732272000000123 (epoch us)",
    "IBAN DE89 3704 0044 0532 0130 00",
    "Release v4.11.1 on 2024-11-22 at 14:03:05.123",
    "Total $4,111.11 for 1111 items; SKU 4111-1111",
    "commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    "colours #411111 #ff5733",
    "+1 (415) 555-0134 and 415.555.0134",
    "BOSS lOGS Sizzling Bagels",
    "55OO OOOO OOOO OOO4",
    "IBAN DE89 4111 1111 1111 1111",
    "row 1234 4111 1111 1111 1111",
    "table row 4111 1111 1111 1111 9999 8888",
  })
  void ignoresOtherNumbers(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }

  @Test
  void findsANumberWhoseGroupsWrapOntoTheNextLine() {
    assertThat(Scans.located(detector, "please charge 4111 1111", "1111 1111 and confirm"))
        .containsExactly("0:4111 1111", "1:1111 1111");
    assertThat(Scans.located(detector, "card 4111-1111-", "1111-1111 ok"))
        .containsExactly("0:4111-1111-", "1:1111-1111");
  }

  @Test
  void aCompleteNumberDoesNotTakeTheNextLinesDigits() {
    assertThat(Scans.located(detector, "card 4111 1111 1111 1111", "2024 was a good year"))
        .containsExactly("0:4111 1111 1111 1111");
  }
}
