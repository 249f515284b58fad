package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * {@code KEY=value} is one word to OCR, and word boxes were all a value's box could be: the key
 * went with the value, and an env listing lost every variable's name. The value's box now starts
 * near the {@code =}; whatever the font, no character of the value may stay legible.
 */
class KeyValueWordTest {

  @Test
  void theKeyStaysLegibleAndNoneOfTheValue() {
    for (String font : new String[] {"DejaVu Sans Mono", "DejaVu Sans", "Liberation Serif"}) {
      try (Mat img = TextImages.render(1000, 170, font, 15, Color.BLACK, Color.WHITE,
          "SLACK_BOT_TOKEN=xoxb-2648-4096-AbCdEfGhIjKlMnOpQrSt",
          "SUPPORT_INBOX=billing.alerts@example.com",
          "iiil_key=WWMWQXZK7RT9PLMWN4JB2VDE", "illiilliilil_secret=WMWQ9")) {
        String after = TextImages.redactAndReadAll(img);
        // In the serif font OCR reads SLACK_BOT_TOKEN*=, and password-shape takes it all.
        assertThat(after).as(font).contains(font.startsWith("DejaVu") ? "SLACK_BOT" : "SUPPO",
            "SUPPO");
        assertThat(after).as(font).doesNotContain("xoxb").doesNotContain("2648")
            .doesNotContain("AbCd").doesNotContain("billing").doesNotContain("example")
            .doesNotContain("WWM").doesNotContain("VDE").doesNotContain("WMWQ");
      }
    }
  }
}
