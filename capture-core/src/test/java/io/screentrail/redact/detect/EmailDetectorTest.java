package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {

  private final Detector detector = new EmailDetector();

  static Stream<Arguments> addresses() {
    return Stream.of(
        Arguments.of("Contact bob@example.com for access", "bob@example.com"),
        Arguments.of("From: Jane Doe <jane.doe+news@mail.example.co.uk>",
            "jane.doe+news@mail.example.co.uk"),
        Arguments.of("mailto:support@screentrail.io", "support@screentrail.io"),
        Arguments.of("end of sentence: ops_team@corp-mail.example.org.",
            "ops_team@corp-mail.example.org"),
        Arguments.of("https://example.com/invite?email=ann@example.net", "ann@example.net"));
  }

  @ParameterizedTest
  @MethodSource("addresses")
  void findsAddresses(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "npm i lodash@4.17.21 react@18.2.0",
    "logo@2x.png and icon@3x.webp",
    "ping @channel and @bob please",
    "user@localhost has no domain",
    "postgres://app:p4ss@db.internal:5432/shop",
    "Release v2.14.3 on 2024-11-22 at 14:03:05, SHA 3f2a9c1d",
    "a @ b dot com",
  })
  void ignoresNonAddresses(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }

  @Test
  void findsSeveralAddressesOnOneLine() {
    assertThat(Scans.values(detector, "cc: a@example.com, b.c@example.org; d@example.net"))
        .containsExactly("a@example.com", "b.c@example.org", "d@example.net");
  }

  @Test
  void findsAnAddressWrappedAtTheLineEnd() {
    assertThat(Scans.located(detector, "write to jane.doe@exam", "ple.com today"))
        .containsExactly("0:jane.doe@exam", "1:ple.com");
  }
}
