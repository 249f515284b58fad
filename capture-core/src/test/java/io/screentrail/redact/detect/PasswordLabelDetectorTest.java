package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordLabelDetectorTest {

  private final Detector detector = new PasswordLabelDetector();

  static Stream<Arguments> sameLine() {
    return Stream.of(
        Arguments.of("Password: hunter2", "hunter2"),
        Arguments.of("password:hunter2", "hunter2"),
        Arguments.of("Password   hunter2", "hunter2"),
        Arguments.of("Password\thunter2", "hunter2"),
        Arguments.of("Passwort: Geheim123!", "Geheim123!"),
        Arguments.of("Kennwort: Sommer2024", "Sommer2024"),
        Arguments.of("Passcode: 482916", "482916"),
        Arguments.of("PIN: 1234", "1234"),
        Arguments.of("PIN-Code: 4711", "4711"),
        Arguments.of("Wi-Fi password: Sunfl0wer!23", "Sunfl0wer!23"),
        Arguments.of("User: alice    Password: hunter2    Role: admin", "hunter2"),
        Arguments.of("| admin | Password  s3cr3t |", "s3cr3t"),
        Arguments.of("Password: ••••••••", "••••••••"),
        Arguments.of("Password: • • • • • •", "• • • • • •"),
        Arguments.of("PASSWORD: ********", "********"));
  }

  @ParameterizedTest
  @MethodSource("sameLine")
  void findsTheValueNextToTheLabel(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  @Test
  void findsTheValueOnTheLineBelowALabelThatEndsItsLine() {
    assertThat(Scans.located(detector, "Password:", "hunter2")).containsExactly("1:hunter2");
    assertThat(Scans.located(detector, "  Confirm new password", "  ••••••••", "Sign in"))
        .containsExactly("1:••••••••");
    assertThat(Scans.located(detector, "Wi-Fi Password", "Sunfl0wer!23   Show"))
        .containsExactly("1:Sunfl0wer!23");
    assertThat(Scans.located(detector, "PIN:", "4711 (do not share)")).containsExactly("1:4711");
  }

  @Test
  void aMenuEntryIsNotALabel() {
    assertThat(Scans.located(detector, "Change password", "Sign out", "Help")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Passwords are stored hashed.",
    "The password-protected file is ready.",
    "Forgot password? Reset it here",
    "Password hunter2 (one space is prose)",
    "Your PIN will expire soon; pin the tab",
    "Passenger: Bob, passport: X123",
    "password: string;",
    "Password: null",
    "Password:   ",
  })
  void ignoresProseAndPlaceholders(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }
}
