package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.function.Consumer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * A sensitive label hides the field it labels, whatever the field holds: a bank account number
 * has no shape of its own. Forms put labels left of their boxes (a tax return) or above them (a
 * password manager); the wrong choice hid the next label and left the account number legible.
 */
class LabelledFieldTest {

  private static Mat draw(int width, int height, Consumer<Graphics2D> painter) {
    try {
      io.screentrail.testing.XvfbServer.shared();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    painter.accept(g);
    g.dispose();
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    Mat m = new Mat(height, width, CV_8UC3);
    m.data().put(data, 0, data.length);
    return m;
  }

  private static String redacted(Mat img) {
    try (Redactor r = new Redactor(RedactionMode.BLUR, 35, 1, 100)) {
      RectList whole = new RectList(1);
      whole.add(0, 0, img.cols(), img.rows());
      Redaction result = r.redact(img, whole, System.nanoTime() + 30_000_000_000L, true);
      assertThat(result.status()).isEqualTo("ok");
    }
    return TextImages.readAll(img);
  }

  /**
   * Right-aligned labels, each left of a bordered box (tall enough for its sides to be rules)
   * whose text sits a little higher than the label's.
   */
  @Test
  void aLabelLeftOfItsBoxHidesTheBoxNotTheLabelBelow() {
    String[][] rows = {
      {"Routing number", "102000021"},
      {"Account number", "4827 1190 3356"},
      {"Account type", "Checking"},
      {"Daytime city", "Boulder"},
    };
    try (Mat img = draw(700, 260, g -> {
      Font label = new Font("DejaVu Sans", Font.PLAIN, 13);
      Font value = new Font("DejaVu Sans", Font.PLAIN, 16);
      int y = 40;
      for (String[] row : rows) {
        g.setFont(label);
        g.setColor(new Color(0x33, 0x33, 0x33));
        g.drawString(row[0], 225 - g.getFontMetrics().stringWidth(row[0]), y + 4);
        g.setColor(new Color(0x88, 0x88, 0x88));
        g.drawRect(232, y - 26, 240, 42);
        g.setFont(value);
        g.setColor(Color.BLACK);
        g.drawString(row[1], 246, y);
        y += 54;
      }
    })) {
      String after = redacted(img);
      assertThat(after).doesNotContain("4827").doesNotContain("3356").doesNotContain("1190")
          .doesNotContain("102000021");
      assertThat(after).contains("Account type", "Account number", "Checking", "Daytime city");
    }
  }

  /** Labels above their fields, a second column's label on the same row further right. */
  @Test
  void aStackedLabelHidesTheFieldBelowIt() {
    try (Mat img = draw(800, 200, g -> {
      g.setFont(new Font("DejaVu Sans", Font.BOLD, 11));
      g.setColor(new Color(0x77, 0x77, 0x77));
      g.drawString("PASSWORD", 30, 40);
      g.drawString("WEBSITE", 430, 40);
      g.drawString("RECOVERY CODES", 30, 110);
      g.setFont(new Font("DejaVu Sans", Font.PLAIN, 16));
      g.setColor(Color.BLACK);
      g.drawString("correct horse battery", 30, 66);
      g.drawString("billing.example.com", 430, 66);
      g.drawString("tiger lemon violet", 30, 136);
    })) {
      String after = redacted(img);
      assertThat(after).doesNotContain("horse").doesNotContain("battery")
          .doesNotContain("lemon").doesNotContain("violet");
      assertThat(after).contains("WEBSITE", "billing.example.com");
    }
  }
}
