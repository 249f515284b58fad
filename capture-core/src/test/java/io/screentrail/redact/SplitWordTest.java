package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * A word the line finder cuts in two: a run of underscores is a horizontal rule to it, so a
 * credential URL with {@code __} inside splits into two lines that touch. Read apart and joined
 * with a space, neither half was a URL credential nor a long enough token, and the user name and
 * the token's prefix stayed legible (a {@code git remote -v} line in an xterm).
 */
class SplitWordTest {

  private static final String URL =
      "https://ci-bot:glpat-Nu_oouK__qi9TlsRuE3O@gitlab.example.com/platform/infra.git";

  @Test
  void aCredentialCutAtItsUnderscoresIsHiddenWhole() {
    try (Mat img = TextImages.render(1100, 100, "DejaVu Sans Mono", 16,
            new Color(0xd3, 0xd7, 0xcf), new Color(0x00, 0x2b, 0x36),
            "origin  " + URL + " (fetch)", "origin  " + URL + " (push)")) {
      String after = TextImages.redactAndReadAll(img);
      assertThat(after).doesNotContain("ci-bot").doesNotContain("glpat").doesNotContain("oouK")
          .doesNotContain("qi9T");
      assertThat(after).contains("origin", "(push)");
    }
  }
}
