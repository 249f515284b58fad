package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.internal.RectList;
import java.awt.Color;
import java.awt.Font;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Dim text beside bright text on a dark background, as a code editor's theme draws a YAML file:
 * keys in pink, values in yellow and white. Otsu's edge threshold for such a screen lies above
 * the pink keys' edges; unless it is capped, the keys are never found, and a lowercase hex value
 * (which no detector takes for a secret by its shape) loses the key that names it a secret.
 */
class DimTextTest {

  private static final Color BACKGROUND = new Color(39, 40, 34);
  private static final Color KEY = new Color(249, 38, 114);
  private static final Color VALUE = new Color(230, 219, 116);
  private static final String HEX = "66754b83401419bd3d4dd67c39adf4e8";

  /** The editor: white prose, then {@code key: value} lines, keys pink, values yellow. */
  private static Mat editor() {
    return TextImages.draw(900, 260, BACKGROUND, g -> {
      Font font = new Font("DejaVu Sans Mono", Font.PLAIN, 14);
      g.setFont(font);
      int advance = g.getFontMetrics().charWidth('m');
      g.setColor(Color.WHITE);
      g.drawString("# production settings for the ledger service, do not commit", 20, 30);
      String[][] rows = {
        {"service: ", "ledger-api"},
        {"region: ", "eu-north-1"},
        {"session_secret: ", HEX},
        {"smtp_host: ", "smtp.relay.internal"},
      };
      int y = 60;
      for (String[] row : rows) {
        g.setColor(KEY);
        g.drawString(row[0].substring(0, row[0].length() - 2), 20, y);
        g.setColor(Color.WHITE);
        g.drawString(":", 20 + advance * (row[0].length() - 2), y);
        g.setColor(VALUE);
        g.drawString(row[1], 20 + advance * row[0].length(), y);
        y += 28;
      }
      g.setColor(Color.WHITE);
      g.drawString("# every value above is read from the vault at start-up, never logged", 20, y);
    });
  }

  @Test
  void dimKeysBesideBrightTextAreFound() {
    try (Mat img = editor();
        TextLineFinder f = new TextLineFinder()) {
      RectList lines = new RectList(16);
      f.find(img, 0, 0, img.cols(), img.rows(), lines);
      // The session_secret row (baseline 116): some line must start at the key, x = 20.
      boolean keyFound = false;
      for (int i = 0; i < lines.size(); i++) {
        keyFound |= lines.y(i) < 116 && lines.y(i) + lines.height(i) > 108
            && lines.x(i) <= 24;
      }
      assertThat(keyFound).as("a line at the pink key of %s", lines).isTrue();
    }
  }

  @Test
  void aHexValueNamedASecretByItsDimKeyIsHidden() {
    try (Mat img = editor()) {
      String after = TextImages.redactAndReadAll(img);
      assertThat(after).doesNotContain("66754b").doesNotContain("adf4e8");
      assertThat(after).contains("ledger-api", "vault");
    }
  }
}
