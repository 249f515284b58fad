package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {

  private final Detector detector = new PhoneDetector();

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of("call +1 (415) 555-0134 today", "+1 (415) 555-0134"),
        Arguments.of("London +44 20 7946 0958", "+44 20 7946 0958"),
        Arguments.of("Berlin +49 30 901820.", "+49 30 901820"),
        Arguments.of("Berlin 0049 30 901820", "0049 30 901820"),
        Arguments.of("Paris +33 1 23 45 67 89", "+33 1 23 45 67 89"),
        Arguments.of("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        Arguments.of("E.164 +14155550134", "+14155550134"),
        Arguments.of("NYC office (212) 555-0199", "(212) 555-0199"),
        Arguments.of("SF 415.555.0134", "415.555.0134"),
        Arguments.of("SF 415-555-0134", "415-555-0134"),
        Arguments.of("toll free 1-800-555-0199", "1-800-555-0199"),
        Arguments.of("UK 020 7946 0958", "020 7946 0958"),
        Arguments.of("DE (030) 901820", "(030) 901820"),
        Arguments.of("Tel.: 030/901820-12", "030/901820-12"),
        Arguments.of("Mobile number: 0151 2345 6789", "0151 2345 6789"),
        Arguments.of("Phone: 4155550134", "4155550134"));
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void findsNumbers(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "released 2024-11-22",
    "2024-11-22 14:03:05.123 INFO started in 35ms",
    "2024-11-22T14:03:05Z",
    "22.11.2024 09:15 - 10:30",
    "Windows 10.0.19045.3570, app 1.22.333.4444",
    "host 192.168.100.200:8080",
    "Order 4155550134 shipped",
    "Order #100-234-5678",
    "total $1,234,567.89",
    "@@ -12,7 +12,8 @@ score +3.5%",
    "ISBN 978-3-16-148410-0",
    "colour #ff5733, commit 3f2a9c1d4b5e6f708192a3b4c5d6e7f809a1b2c3",
    "IBAN DE89 3704 0044 0532 0130 00",
    "short 555-0134",
  })
  void ignoresOtherNumbers(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }

  @Test
  void findsSeveralNumbersOnAFooterLine() {
    assertThat(Scans.values(detector, "T +1 (415) 555-0134 | M +44 7700 900123 | F 415.555.0199"))
        .containsExactly("+1 (415) 555-0134", "+44 7700 900123", "415.555.0199");
  }

  @Test
  void aNumberWrappedWhereTheWrapShowsIsFoundOnBothLines() {
    // Prose wrapped after the number's own hyphen, as a browser breaks it.
    assertThat(Scans.located(detector, "Please call +1 (312) 555-", "0147. Thanks, Dana"))
        .containsExactly("0:+1 (312) 555-", "1:0147");
    assertThat(Scans.located(detector, "or the desk at 312-555-", "0199 after six"))
        .containsExactly("0:312-555-", "1:0199");
    // Wrapped at a space after a country code or an area code.
    assertThat(Scans.located(detector, "our London office +44 20", "7946 0958 (reception)"))
        .containsExactly("0:+44 20", "1:7946 0958");
    assertThat(Scans.located(detector, "Chicago desk (312)", "555-0147"))
        .containsExactly("0:(312)", "1:555-0147");
  }

  @Test
  void digitsAtTheEdgesOfTwoRowsAreNotJoinedWithoutASignOfAWrap() {
    assertThat(Scans.values(detector, "Qty 415 555", "0134 units")).isEmpty();
    assertThat(Scans.values(detector, "Order 4155", "550134 shipped")).isEmpty();
    assertThat(Scans.values(detector, "build 2024-11-", "22 passed")).isEmpty();
    assertThat(Scans.values(detector, "line 555-", "total")).isEmpty();
    // A number complete at the end of its row keeps to it.
    assertThat(Scans.located(detector, "London +44 20 7946 0958", "12 items"))
        .containsExactly("0:+44 20 7946 0958");
  }

  @Test
  void aLongDigitRunCostsOnePass() {
    String run = "+" + "1".repeat(5000);
    assertThat(Scans.values(detector, run)).isEmpty();
  }
}
