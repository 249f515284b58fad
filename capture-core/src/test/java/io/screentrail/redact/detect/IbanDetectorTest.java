package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {

  private final Detector detector = new IbanDetector();

  static Stream<Arguments> ibans() {
    return Stream.of(
        Arguments.of("IBAN: DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
        Arguments.of("IBAN DE89370400440532013000 BIC COBADEFFXXX", "DE89370400440532013000"),
        Arguments.of("GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
        Arguments.of("FR14 2004 1010 0505 0001 3M02 606.", "FR14 2004 1010 0505 0001 3M02 606"),
        Arguments.of("pay to NL91ABNA0417164300 today", "NL91ABNA0417164300"),
        Arguments.of("CH93 0076 2011 6238 5295 7", "CH93 0076 2011 6238 5295 7"),
        Arguments.of("IT60 X054 2811 1010 0000 0123 456", "IT60 X054 2811 1010 0000 0123 456"),
        Arguments.of("NO93 8601 1117 947", "NO93 8601 1117 947"));
  }

  @ParameterizedTest
  @MethodSource("ibans")
  void findsValidIbans(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  static Stream<Arguments> ocrLookalikes() {
    return Stream.of(
        Arguments.of("DE89 37O4 OO44 O532 O13O OO", "DE89 37O4 OO44 O532 O13O OO"),
        Arguments.of("DE89 3704 0O44 0532 Ol30 00", "DE89 3704 0O44 0532 Ol30 00"),
        Arguments.of("GB82 WEST l234 5698 7654 32", "GB82 WEST l234 5698 7654 32"));
  }

  @ParameterizedTest
  @MethodSource("ocrLookalikes")
  void repairsOcrLookalikesInTheDigits(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "DE89 3704 0044 0532 0130 01",
    "DE89 3704 0044 0532 0130",
    "DE89370400440532013000123",
    "US12 3456 7890 1234 5678 90",
    "ISO 8601, UTF8, SHA256, AB12 CD34",
    "version V2.14.3 of 2024-11-22",
    "card 4111 1111 1111 1111",
  })
  void ignoresInvalidOrUnknown(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }

  @Test
  void findsAnIbanWrappedOntoTheNextLine() {
    assertThat(Scans.located(detector, "IBAN: DE89 3704 0044", "0532 0130 00 (Commerzbank)"))
        .containsExactly("0:DE89 3704 0044", "1:0532 0130 00");
  }
}
