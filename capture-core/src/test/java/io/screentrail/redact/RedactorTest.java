package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.detect.Category;
import java.awt.Color;
import java.util.Arrays;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Redaction on rendered text with real Tesseract, and its fail-closed paths. */
class RedactorTest {

  private static final String[] SCREEN = {
      "Customer record for Jordan Example",
      "Email: jordan.example@example.org",
      "Card number 4111 1111 1111 1111",
      "Notes: prefers morning deliveries",
  };

  private static RectList whole(Mat m) {
    RectList r = new RectList(1);
    r.add(0, 0, m.cols(), m.rows());
    return r;
  }

  @Test
  void sensitiveValuesAreHiddenAndTheRestStaysReadable() {
    for (RedactionMode mode : new RedactionMode[] {RedactionMode.BLUR, RedactionMode.PIXELATE}) {
      try (Mat img = TextImages.render(900, 220, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
              SCREEN);
          Redactor r = new Redactor(mode, 35, 2, 1000)) {
        Redaction result = r.redact(img, whole(img), System.nanoTime() + 30_000_000_000L, true);
        assertThat(result.status()).isEqualTo("ok");
        assertThat(result.boxes()).extracting(b -> b.category() == null ? null : b.category().name())
            .contains("EMAIL", "PAYMENT_CARD");
        String after = TextImages.readAll(img);
        assertThat(after).doesNotContain("jordan.example@").doesNotContain("1111 1111");
        assertThat(after.replace(" ", "")).doesNotContain("41111111");
        assertThat(after).contains("Customer", "deliveries");
      }
    }
  }

  /**
   * An image redacted after others, with {@link Redactor#forgetHistory} between, comes out as on
   * a new redactor: `redact --in DIR` gave one file a different box depending on the files
   * before it (cached words, remembered column grids, hidden boxes).
   */
  @Test
  void anImageAfterForgetHistoryComesOutAsOnANewRedactor() {
    String[] other = {"Customer notes for the spring order", "Card 4111 1111 1111 1111",
        "mail jane.doe@example.com about the spring order"};
    byte[] alone;
    byte[] after;
    try (Mat img = TextImages.render(900, 220, "DejaVu Sans Mono", 15, Color.BLACK, Color.WHITE,
            SCREEN);
        Redactor r = new Redactor(RedactionMode.BLUR, 35, 1, 100)) {
      TextImages.redactWhole(r, img);
      alone = bytes(img);
    }
    try (Mat first = TextImages.render(900, 220, "DejaVu Sans Mono", 15, Color.BLACK,
            Color.WHITE, other);
        Mat img = TextImages.render(900, 220, "DejaVu Sans Mono", 15, Color.BLACK, Color.WHITE,
            SCREEN);
        Redactor r = new Redactor(RedactionMode.BLUR, 35, 1, 100)) {
      TextImages.redactWhole(r, first);
      r.forgetHistory();
      TextImages.redactWhole(r, img);
      after = bytes(img);
    }
    assertThat(after).isEqualTo(alone);
  }

  private static byte[] bytes(Mat m) {
    byte[] b = new byte[(int) (m.total() * m.channels())];
    m.data().get(b);
    return b;
  }

  /**
   * The card line cut by the frame's bottom edge through its glyphs, as a terminal taller than
   * the screen shows its last row: OCR reads the upper halves as other text, no detector finds
   * the number, and a person still reads it. It is hidden whole.
   */
  @Test
  void aLineCutByTheFramesEdgeIsHiddenWhole() {
    try (Mat img = TextImages.render(900, 220, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
        SCREEN)) {
      RectList lines = new RectList(8);
      try (TextLineFinder f = new TextLineFinder()) {
        f.find(img, 0, 0, img.cols(), img.rows(), lines);
      }
      assertThat(lines.size()).isEqualTo(SCREEN.length);
      int card = 2; // reading order: the third line
      int cutAt = lines.y(card) + lines.height(card) * 6 / 10;
      try (Mat cut = img.rowRange(0, cutAt).clone();
          Redactor r = new Redactor(RedactionMode.BLUR, 35, 1, 100)) {
        Redaction result = r.redact(cut, whole(cut), System.nanoTime() + 30_000_000_000L, true);
        assertThat(result.boxes()).as("boxes of %s", result)
            .anyMatch(b -> b.y() + b.height() >= cutAt && b.y() <= lines.y(card)
                && b.width() >= lines.width(card) * 9 / 10);
      }
    }
  }

  @Test
  void aScreenRedactedAgainIsHiddenAgainAndAChangedOneIsScannedAfresh() {
    String[] plain = {"Customer notes for the spring order", "Weekly deliveries on Tuesday"};
    String[] secret = {"Customer notes for the spring order", "Card 4111 1111 1111 1111"};
    try (Mat first = TextImages.render(900, 120, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
            secret);
        Mat same = first.clone();
        Mat other = TextImages.render(900, 120, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
            plain);
        Mat back = first.clone();
        Redactor r = new Redactor(RedactionMode.BLUR, 35, 1, 1000)) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      Redaction a = r.redact(first, whole(first), deadline, true);
      // Every line cached and the texts unchanged: the findings are reused, and still applied.
      Redaction b = r.redact(same, whole(same), deadline, true);
      assertThat(b.cacheHits()).isEqualTo(b.lines());
      assertThat(b.boxes()).isEqualTo(a.boxes());
      assertThat(TextImages.readAll(same).replace(" ", "")).doesNotContain("41111111");
      // Other texts: the card is gone, so nothing is hidden as a card.
      Redaction c = r.redact(other, whole(other), deadline, true);
      assertThat(c.boxes()).noneMatch(x -> x.category() == Category.PAYMENT_CARD);
      // And back: found again, though the last scan had nothing.
      Redaction d = r.redact(back, whole(back), deadline, true);
      assertThat(d.boxes()).anyMatch(x -> x.category() == Category.PAYMENT_CARD);
      assertThat(TextImages.readAll(back).replace(" ", "")).doesNotContain("41111111");
    }
  }

  @Test
  void aTimeoutHidesEveryLineThatWasNotRead() {
    try (Mat img = TextImages.render(900, 220, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
            SCREEN);
        Redactor r = new Redactor(RedactionMode.BLUR, 35, 1, 1000)) {
      Redaction result = r.redact(img, whole(img), System.nanoTime(), true);
      assertThat(result.status()).isEqualTo("timeout");
      assertThat(result.unread()).isEqualTo(4);
      assertThat(result.boxes()).extracting(Redaction.Box::detector).containsOnly("unread");
      assertThat(TextImages.readAll(img)).doesNotContain("4111").doesNotContain("example.org");
    }
  }

  @Test
  void anOcrFailureHidesTheLinesAndReportsTheError() {
    LineOcr broken = new LineOcr() {
      @Override
      public OcrLine read(java.nio.ByteBuffer gray, int width, int height, int stride) {
        throw new IllegalStateException("simulated OCR crash");
      }

      @Override
      public void close() {}
    };
    try (Mat img = TextImages.render(900, 220, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
            SCREEN);
        Redactor r = new Redactor(RedactionMode.BLUR, 35, new LineReader(1, 100, () -> broken))) {
      Redaction result = r.redact(img, whole(img), System.nanoTime() + 5_000_000_000L, true);
      assertThat(result.status()).isEqualTo("error");
      assertThat(result.error()).hasMessage("simulated OCR crash");
      assertThat(result.unread()).isEqualTo(4);
      assertThat(TextImages.readAll(img)).doesNotContain("4111").doesNotContain("example.org");
    }
  }

  @Test
  void unreadLinesAreLeftForTheCallerWhenItDropsTheFrame() {
    try (Mat img = TextImages.render(900, 220, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
            SCREEN);
        Redactor r = new Redactor(RedactionMode.BLUR, 35, 1, 1000)) {
      Redaction result = r.redact(img, whole(img), System.nanoTime(), false);
      assertThat(result.failed()).isTrue();
      assertThat(result.boxes()).isEmpty(); // the frame is dropped whole instead
    }
  }

  /**
   * A box over unchanged pixels must come out the same when the text around it changes: its blur
   * used to read the pixels around the box (up to the kernel's reach, the lines above and below),
   * so a box over the same card number next to a changing line was stored again every frame.
   */
  @Test
  void aHiddenBoxDependsOnlyOnThePixelsInsideIt() {
    String[] below = SCREEN.clone();
    below[3] = "Notes: wants parcels left with the neighbour";
    for (RedactionMode mode : new RedactionMode[] {RedactionMode.BLUR, RedactionMode.PIXELATE}) {
      try (Mat a = TextImages.render(900, 220, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
              SCREEN);
          Mat b = TextImages.render(900, 220, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
              below);
          Redactor r = new Redactor(mode, 35, 1, 1000)) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Redaction ra = r.redact(a, whole(a), deadline, true);
        Redaction rb = r.redact(b, whole(b), deadline, true);
        Redaction.Box card = ra.boxes().stream()
            .filter(x -> x.category() == Category.PAYMENT_CARD).findFirst().orElseThrow();
        assertThat(rb.boxes()).contains(card);
        int x0 = Math.max(0, card.x());
        int y0 = Math.max(0, card.y());
        int x1 = Math.min(a.cols(), card.x() + card.width());
        int y1 = Math.min(a.rows(), card.y() + card.height());
        byte[] rowA = new byte[(x1 - x0) * 3];
        byte[] rowB = new byte[rowA.length];
        try (UByteIndexer ua = a.createIndexer(); UByteIndexer ub = b.createIndexer()) {
          for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
              for (int c = 0; c < 3; c++) {
                rowA[(x - x0) * 3 + c] = (byte) ua.get(y, x, c);
                rowB[(x - x0) * 3 + c] = (byte) ub.get(y, x, c);
              }
            }
            assertThat(Arrays.equals(rowA, rowB)).as("%s row %d of the card's box", mode, y)
                .isTrue();
          }
        }
      }
    }
  }
}
