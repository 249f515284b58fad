package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlCredentialDetectorTest {

  private final Detector detector = new UrlCredentialDetector();

  static Stream<Arguments> credentials() {
    return Stream.of(
        Arguments.of("DATABASE_URL=postgres://admin:S3cr3t!@db.internal:5432/app", "admin:S3cr3t!"),
        Arguments.of("redis://:p4ssw0rd@cache:6379/0", ":p4ssw0rd"),
        Arguments.of("amqp://guest:gu@st@rabbit.local", "guest:gu@st"),
        Arguments.of("git clone https://oauth2:glpat-xyz123@gitlab.example.com/g/r.git",
            "oauth2:glpat-xyz123"),
        Arguments.of("mongodb+srv://svc:Tr0ub4dor&3@cluster0.example.net/db?retryWrites=true",
            "svc:Tr0ub4dor&3"));
  }

  @ParameterizedTest
  @MethodSource("credentials")
  void findsUserAndPassword(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://example.com:8443/path?q=1",
    "https://bob@example.com/ (user, no password)",
    "ssh://git@github.com:22/org/repo.git",
    "mailto:bob@example.com",
    "http://[::1]:8080/health",
    "see https://example.com/a:b@c for the docs",
  })
  void ignoresUrlsWithoutPassword(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }
}
