package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtDetectorTest {

  private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
      + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
      + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  private final Detector detector = new JwtDetector();

  @ParameterizedTest
  @ValueSource(strings = {
    "Authorization: Bearer %s",
    "{\"id_token\":\"%s\",\"expires_in\":3600}",
    "Cookie: session=%s; Path=/",
    "%s",
  })
  void findsTokens(String template) {
    assertThat(Scans.values(detector, String.format(template, JWT))).containsExactly(JWT);
  }

  @Test
  void findsUnsignedTokens() {
    String unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.";
    assertThat(Scans.values(detector, "token " + unsigned + " end")).containsExactly(unsigned);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "eyJ alone",
    "header only eyJhbGciOiJIUzI1NiJ9",
    "two parts eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0",
    "version 1.2.3 and a.b.c and abc.def.ghi",
    "heyJude.listen.to-the-song",
  })
  void ignoresOtherDottedText(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }

  @Test
  void findsATokenWrappedAtTheLineEnd() {
    int cut = 60;
    assertThat(Scans.located(detector, "Bearer " + JWT.substring(0, cut), JWT.substring(cut)))
        .containsExactly("0:" + JWT.substring(0, cut), "1:" + JWT.substring(cut));
  }
}
