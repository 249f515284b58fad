package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretAssignmentDetectorTest {

  private final Detector detector = new SecretAssignmentDetector();

  static Stream<Arguments> assignments() {
    return Stream.of(
        Arguments.of("DB_PASSWORD=hunter2", "hunter2"),
        Arguments.of("export API_KEY=abc123def456", "abc123def456"),
        Arguments.of("SECRET_KEY='django-insecure-x9!'", "django-insecure-x9!"),
        Arguments.of("  password: \"Tr0ub4dor&3\"", "Tr0ub4dor&3"),
        Arguments.of("  db_password: s3cr3t", "s3cr3t"),
        Arguments.of("- auth_token: abc.def", "abc.def"),
        Arguments.of("{\"client_secret\": \"xyz789\", \"client_id\": \"app\"}", "xyz789"),
        Arguments.of("{'api key': 'k-123'}", "k-123"),
        Arguments.of("$config['db_pass'] => 'p@ss';", "p@ss"),
        Arguments.of("settings[\"password\"] = \"hunter2\"", "hunter2"),
        Arguments.of("SMTP_PASS=mailpass1", "mailpass1"),
        Arguments.of("token := \"tkn_42\"", "tkn_42"),
        Arguments.of("mysql --password=Secr3t! -u root", "Secr3t!"),
        Arguments.of("Server=db;User Id=sa;Password=Secr3t!;Encrypt=true", "Secr3t!"),
        Arguments.of("GET /cb?code=1&access_token=ya29.a0AfH6&state=x", "ya29.a0AfH6"),
        Arguments.of("Authorization: Bearer abc.def.ghi", "abc.def.ghi"),
        Arguments.of("X-Api-Key: 0123456789abcdef", "0123456789abcdef"),
        Arguments.of("apiKey = \"AbC123\";", "AbC123"),
        Arguments.of("this.dbPassword = 'letmein';", "letmein"),
        Arguments.of("private_key: MIIEvQIBADAN", "MIIEvQIBADAN"),
        Arguments.of("user=bob, passwd: x1y2", "x1y2"),
        Arguments.of("ADMIN_PASSWORD=changeme", "changeme"),
        Arguments.of("AWS_SECRET_ACCESS_KEY=abc/def+ghi", "abc/def+ghi"),
        Arguments.of("credentials = \"user:pass\"", "user:pass"),
        Arguments.of("PASSPHRASE=correct-horse-battery-staple", "correct-horse-battery-staple"),
        // An editor's line number before a YAML key, OCR giving one space after it.
        Arguments.of("18 session_secret: 66754b83401419bd3d4dd67c39adf4e8",
            "66754b83401419bd3d4dd67c39adf4e8"),
        Arguments.of("  7   db_password: s3cr3t", "s3cr3t"),
        // The underscore read as a space by OCR.
        Arguments.of("session secret: 66754b83401419bd3d4dd67c39adf4e8",
            "66754b83401419bd3d4dd67c39adf4e8"),
        Arguments.of("  db password: s3cr3t", "s3cr3t"));
  }

  @ParameterizedTest
  @MethodSource("assignments")
  void coversTheValueOnly(String line, String expected) {
    assertThat(Scans.values(detector, line)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // Keys that are about a secret, not the secret.
    "TOKEN_URL=https://auth.example.com/token",
    "token_type: bearer",
    "PASSWORD_FILE=/run/secrets/db",
    "password_min_length: 12",
    "AWS_ACCESS_KEY_ID=AKIA0000",
    "max_tokens: 4096",
    "token_expires_in=3600",
    // Values that hold no secret.
    "password = null",
    "api_key: \"\"",
    "secret: <redacted>",
    "PASSWORD=****",
    "password: ••••••",
    "TOKEN=${CI_TOKEN}",
    "token: {{ secrets.GITHUB_TOKEN }}",
    "DB_PASSWORD=$DB_PASSWORD",
    "auth: false",
    "PWD=/home/alice",
    // Code that reads or types the secret.
    "const password = process.env.DB_PASSWORD;",
    "let token = getToken(user);",
    "const token = await getToken();",
    "password: string;",
    "secret = os.environ[\"SECRET\"]",
    "if (password == null || password != other) {",
    // Prose and keys that only look alike.
    "Reset your password: click the link below",
    "2 ways to reset your password: click below",
    "Step 2 password: see the vault",
    "Keyboard: Ctrl+K, key: value, author: Jane, passenger: Bob",
    "see https://example.com/token:abc",
    "std::string token;",
    "Build passed: pass=1204 fail=0 skip=3",
  })
  void ignoresNonSecrets(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }

  @Test
  void findsEveryAssignmentOnALogLine() {
    assertThat(Scans.values(detector, "login user=bob password=hunter2 token=abc123 ok"))
        .containsExactly("hunter2", "abc123");
  }

  @Test
  void aKeyInsideAReportedValueIsNotAnotherAssignment() {
    assertThat(Scans.values(detector, "\"password\": \"token=abc\""))
        .containsExactly("token=abc");
  }

  @Test
  void anUnclosedQuotedValueRunsToTheLineEnd() {
    assertThat(Scans.values(detector, "API_KEY=\"abc123 def456  "))
        .containsExactly("abc123 def456");
  }
}
