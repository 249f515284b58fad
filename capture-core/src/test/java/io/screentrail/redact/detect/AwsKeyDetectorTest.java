package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AwsKeyDetectorTest {

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private final Detector accessKey = new AwsAccessKeyDetector();
  private final Detector secretKey = new AwsSecretKeyDetector();

  @ParameterizedTest
  @ValueSource(strings = {
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "export AWS_ACCESS_KEY_ID=ASIAY34FZKBOKMUTVV7A",
    "\"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\",",
  })
  void findsAccessKeyIds(String line) {
    assertThat(Scans.values(accessKey, line)).singleElement()
        .satisfies(v -> assertThat(v).hasSize(20).startsWith("A"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "AKIA alone, ASIA Pacific",
    "AKIAIOSFODNN7EXAMPL is one short",
    "AKIAIOSFODNN7EXAMPLE1 is one long",
    "xAKIAIOSFODNN7EXAMPLE",
    "AKIAiosfodnn7example",
  })
  void ignoresLookalikeIds(String line) {
    assertThat(Scans.values(accessKey, line)).isEmpty();
  }

  static Stream<Arguments> secretsInContext() {
    return Stream.of(
        Arguments.of("aws_secret_access_key = " + SECRET),
        Arguments.of("export AWS_SECRET_ACCESS_KEY=" + SECRET),
        Arguments.of("Secret access key: " + SECRET + "  (shown once)"),
        Arguments.of("\"SecretAccessKey\": \"" + SECRET + "\""));
  }

  @ParameterizedTest
  @MethodSource("secretsInContext")
  void findsSecretKeysNextToTheirContext(String line) {
    assertThat(Scans.values(secretKey, line)).containsExactly(SECRET);
  }

  @Test
  void findsASecretKeyBelowItsLabel() {
    assertThat(Scans.located(secretKey, "Secret access key", SECRET))
        .containsExactly("1:" + SECRET);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "token " + SECRET + " without context",
    "secret rotation: commit 3f2a9c1d4b5e6f708192a3b4c5d6e7f809a1b2c3",
    "aws: ThisIsAnOrdinaryIdentifierWithoutDigitsOk",
    "aws_secret_access_key = " + SECRET + "XYZ", // beyond the 2 characters OCR may add
  })
  void ignoresTokensWithoutContextOrShape(String line) {
    assertThat(Scans.values(secretKey, line)).isEmpty();
  }
}
