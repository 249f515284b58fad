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
            "svc:Tr0ub4dor&3"),
        // As Tesseract read them in xterm's 6x13, 7x13 and 9x15 fonts: the user name too.
        Arguments.of("row0 postgres? //admin: TrOub4dor@db, internal :5432/app end",
            "admin: TrOub4dor"),
        Arguments.of("row2 postgres: //admin:TrOub4dor@db. internal :5432/app end",
            "admin:TrOub4dor"),
        Arguments.of("row6 redist//deploy:S3cr3tPass@cache,prod36379/0 end",
            "deploy:S3cr3tPass"),
        Arguments.of("rowl1 amop://guest :Gu3stPw9@rabbit,local end", "guest :Gu3stPw9"),
        Arguments.of("row3 DATABASE_URL=postgres://app: TrOubddora3@db, internal:5432/shop end",
            "app: TrOubddora3"),
        Arguments.of("row12 mongodb+srv://svc? TrOub4ddor7@cluster0.example.net/db end",
            "svc? TrOub4ddor7"),
        // git remote -v in a 16 px xterm: OCR spaced the token (SplitWordTest).
        Arguments.of("origin https://ci-bot :glpat -Nu_oouKk__ gi 9TLSRUE30@git Lab.example.com/"
            + "plat form/infra.git (push)", "ci-bot :glpat -Nu_oouKk__ gi 9TLSRUE30"));
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
    "int x = 1; // see: bob@example.com",
    "https://example.com/path ?q=a@b",
    "open https://portal.example.com: ask bob@example.com",
    "open https://portal.example.com: or mail the desk at help@example.com",
  })
  void ignoresUrlsWithoutPassword(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }
}
