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

  /** A CI log line in 13 px monospace: an @ for a 0 in the payload, spaces OCR put inside. */
  @Test
  void aTokenOcrGarbledAndSplitIsFoundWhole() {
    String read = "eyJhbGci0iJIUZIINiIsInRScCI6IkpXVCI9.eyJzdWIiOil1MZE1OTYiLCJuYW111joiVGVzdCBVc2"
        + "VyliwiaWFO@l j oxNZASNTCxODMzfQ . DSRGeQvPR5YS5zDSaCgRk_xHAC";
    assertThat(Scans.values(detector, "13 PREVIEW _SESSION=" + read))
        .containsExactly(read);
    // The strict form with its signature split: followed over the pieces, not the words after.
    String split = JWT.substring(0, JWT.length() - 10) + " " + JWT.substring(JWT.length() - 10);
    assertThat(Scans.values(detector, "token " + split + " expires soon"))
        .containsExactly(split);
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
  void findsATokenWrappedOverFourLinesOfANarrowColumn() {
    String[] lines = {
      "Your token: " + JWT.substring(0, 30),
      JWT.substring(30, 64),
      JWT.substring(64, 98),
      JWT.substring(98) + " (expires in 1 h)",
    };
    assertThat(Scans.located(detector, lines)).containsExactly(
        "0:" + JWT.substring(0, 30), "1:" + JWT.substring(30, 64),
        "2:" + JWT.substring(64, 98), "3:" + JWT.substring(98));
  }

  @Test
  void aWrappedTokenIsFollowedThroughSpacesOcrPutInsideIt() {
    // What OCR read off a phone-width mail: spaces inside the third and fourth lines.
    String[] lines = {
      "eyJhbGci0iJIUZIiNiIsInRScCI6IkpxXVvCJ9.eyJzdwli",
      "OiIxMDMLIODEiLCJuYWilljoiVGVzdCBVc2VylIiwiawWFol",
      "jOxNZAXMTg5Mj g3TQ. wBaCguBOOkn3pNu-",
      "JvzYBW3ar 36nUC6HVSxvpnpxCUy",
      "It expires on Sunday night.",
    };
    assertThat(Scans.located(detector, lines)).containsExactly(
        "0:" + lines[0], "1:" + lines[1], "2:" + lines[2], "3:" + lines[3]);
  }

  @Test
  void aWrappedTokenStopsAtTheFirstLineItDoesNotFill() {
    // The token ends inside line 2; line 3 is ordinary text, even if it looks like base64.
    String[] lines = {
      "id " + JWT.substring(0, 40),
      JWT.substring(40, 90),
      JWT.substring(90) + " then",
      "Regards",
    };
    assertThat(Scans.located(detector, lines)).containsExactly(
        "0:" + JWT.substring(0, 40), "1:" + JWT.substring(40, 90), "2:" + JWT.substring(90));
  }

  @Test
  void findsATokenWrappedAtTheLineEnd() {
    int cut = 60;
    assertThat(Scans.located(detector, "Bearer " + JWT.substring(0, cut), JWT.substring(cut)))
        .containsExactly("0:" + JWT.substring(0, cut), "1:" + JWT.substring(cut));
  }
}
