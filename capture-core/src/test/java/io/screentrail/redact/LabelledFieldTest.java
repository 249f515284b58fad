package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * A sensitive label hides the field it labels, whatever the field holds: a bank account number
 * has no shape of its own. Forms put labels left of their boxes (a tax return) or above them (a
 * password manager); the wrong choice hid the next label and left the account number legible.
 */
class LabelledFieldTest {

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
    try (Mat img = TextImages.draw(700, 260, Color.WHITE, g -> {
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
      String after = TextImages.redactAndReadAll(img);
      assertThat(after).doesNotContain("4827").doesNotContain("3356").doesNotContain("1190")
          .doesNotContain("102000021");
      assertThat(after).contains("Account type", "Account number", "Checking", "Daytime city");
    }
  }

  /** Labels above their fields, a second column's label on the same row further right. */
  @Test
  void aStackedLabelHidesTheFieldBelowIt() {
    try (Mat img = TextImages.draw(800, 200, Color.WHITE, g -> {
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
      String after = TextImages.redactAndReadAll(img);
      assertThat(after).doesNotContain("horse").doesNotContain("battery")
          .doesNotContain("lemon").doesNotContain("violet");
      assertThat(after).contains("WEBSITE", "billing.example.com");
    }
  }
}
