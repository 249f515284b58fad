package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsSsnDetectorTest {

  private final Detector detector = new UsSsnDetector();

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of("SSN 123-45-6789", "123-45-6789"),
        Arguments.of("applicant 078-05-1121, verified", "078-05-1121"),
        Arguments.of("SSN: 123 45 6789", "123 45 6789"),
        Arguments.of("ssn#123456789", "123456789"),
        Arguments.of("Social Security Number: 219.09.9999", "219.09.9999"),
        Arguments.of("SOCIAL SECURITY NO. 536 90 4399", "536 90 4399"),
        // ITINs: a 9 area with a taxpayer group.
        Arguments.of("Tax ID 987-65-4321 (ITIN)", "987-65-4321"),
        Arguments.of("ITIN 912-70-1234", "912-70-1234"),
        // A space OCR put beside a dash.
        Arguments.of("SE  987 -65-4321  Netherlands", "987 -65-4321"),
        Arguments.of("id 123- 45-6789 ok", "123- 45-6789"));
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void findsNumbers(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000",
    "987-93-4321", "955-66-1234", "900 -12-3456", "ranges 100 - 20 - 3000",
    "released 2024-11-22, call 415-555-0134",
    "ORD-123-45-6789 and 123-45-67890 and 1123-45-6789",
    "ISBN 978-3-16-148410-0",
    "order 123456789 and 123 45 6789 without a label",
    "SSN: 666 12 3456",
  })
  void ignoresOtherNumbers(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }

  @Test
  void findsANumberWhoseLabelEndsThePreviousLine() {
    assertThat(Scans.located(detector, "Employee SSN:", "123 45 6789"))
        .containsExactly("1:123 45 6789");
  }

  @Test
  void findsADashedNumberWrappedAtTheLineEnd() {
    assertThat(Scans.located(detector, "SSN on file 123-45-", "6789 (verified)"))
        .containsExactly("0:123-45-", "1:6789");
  }
}
