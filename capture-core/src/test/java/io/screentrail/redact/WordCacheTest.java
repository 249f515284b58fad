package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.detect.Category;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The word cache behind {@link LineReader}: lines cut into words, words keyed by their pixels
 * and placement, missed words read together on synthetic lines, with real Tesseract.
 */
class WordCacheTest {

  private static final long WORDS = 1L << 20;
  private static final String MONO = "DejaVu Sans Mono";
  /** Small enough that the line finder keeps a line's words together (it cuts at 13 px gaps). */
  private static final int SIZE = 12;

  private static long deadline() {
    return System.nanoTime() + 60_000_000_000L;
  }

  private static RectList lines(Mat img) {
    RectList lines = new RectList(8);
    try (TextLineFinder f = new TextLineFinder()) {
      f.find(img, 0, 0, img.cols(), img.rows(), lines);
    }
    return lines;
  }

  /** The one line of {@code img}. */
  private static RectList line(Mat img) {
    RectList lines = lines(img);
    assertThat(lines.size()).as("lines found").isEqualTo(1);
    return lines;
  }

  /** The grey line a reader would cut words from: dark on light, frame pixels. */
  private static byte[] grey(Mat img, RectList lines, int i) {
    byte[] g = new byte[lines.width(i) * lines.height(i)];
    for (int y = 0; y < lines.height(i); y++) {
      for (int x = 0; x < lines.width(i); x++) {
        // Java2D renders black on white here: the blue channel is the grey value.
        g[y * lines.width(i) + x] = img.ptr(lines.y(i) + y, lines.x(i) + x).get();
      }
    }
    return g;
  }

  @Test
  void aRenderedLineIsCutAtItsSpacesAndNotBetweenNarrowGlyphs() {
    try (Mat img = TextImages.render(900, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
        "cd ../src || exit; ls -l a.b")) {
      RectList lines = line(img);
      LineWords words = new LineWords();
      assertThat(words.split(grey(img, lines, 0), lines.width(0), lines.height(0))).isTrue();
      // cd | ../src | || | exit; | ls | -l | a.b: the dots and bars stay inside their words.
      assertThat(words.count).isEqualTo(7);
      for (int j = 1; j < words.count; j++) {
        assertThat(words.x0[j] - words.x1[j - 1]).isGreaterThanOrEqualTo(
            LineWords.minGap(lines.height(0)));
      }
    }
  }

  @Test
  void aLineOfDashesHasNoTrustedBaselineAndIsReadWhole() {
    int w = 60;
    int h = 12;
    byte[] g = new byte[w * h];
    Arrays.fill(g, (byte) 0xFF);
    for (int x = 0; x < w; x++) {
      if (x % 12 < 8) {
        g[5 * w + x] = 0;
      }
    }
    assertThat(new LineWords().split(g, w, h)).isFalse();
  }

  @Test
  void aDashAndAnUnderscoreOfTheSamePixelsNeverShareAKey() {
    // Two lines: body-height glyphs standing on the baseline (row 9) and between them the same
    // 5x1 bar, once at mid-height (a dash) and once on the baseline (an underscore).
    int w = 40;
    int h = 12;
    LineWords.WordKey[] bars = new LineWords.WordKey[2];
    int[] barRows = {5, 9};
    for (int k = 0; k < 2; k++) {
      byte[] g = new byte[w * h];
      Arrays.fill(g, (byte) 0xFF);
      for (int y = 2; y <= 9; y++) {
        for (int x = 0; x < 5; x++) {
          g[y * w + x] = 0;
          g[y * w + 30 + x] = 0;
        }
      }
      for (int x = 15; x < 20; x++) {
        g[barRows[k] * w + x] = 0;
      }
      LineWords words = new LineWords();
      assertThat(words.split(g, w, h)).isTrue();
      assertThat(words.count).isEqualTo(3);
      assertThat(words.baseline).isEqualTo(9);
      bars[k] = words.key(1, g, w);
    }
    assertThat(bars[0].pixels).isEqualTo(bars[1].pixels);
    assertThat(bars[0]).isNotEqualTo(bars[1]);
    // A body-height crop is keyed by its pixels alone: its own shape places it.
    assertThat(LineWords.tall(1, h)).isFalse();
    assertThat(LineWords.tall(8, h)).isTrue();
  }

  @Test
  void wordsOfACachedLineInAnotherOrderAreServedFromTheCacheAndADashStaysADash() {
    try (Mat first = TextImages.render(600, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "(left) - [right]");
        Mat swapped = TextImages.render(600, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "[right] - (left)");
        Mat under = TextImages.render(600, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "(left) __ x_y");
        LineReader reader = new LineReader(1, 100, WORDS, OcrEngine::start)) {
      OcrLine[] out = new OcrLine[1];
      LineReader.Counts c = reader.read(first, line(first), out, deadline());
      assertThat(c.wordLines).isEqualTo(1);
      assertThat(c.syntheticReads).isEqualTo(1);
      assertThat(out[0].text()).isEqualTo("(left) - [right]");
      LineReader.Counts d = reader.read(swapped, line(swapped), out, deadline());
      assertThat(d.wordHits).isEqualTo(3);
      assertThat(d.ocrCalls).as("no OCR at all").isZero();
      assertThat(out[0].text()).isEqualTo("[right] - (left)");
      // Underscores where the dash was: never served the dash's text.
      RectList lines = lines(under);
      OcrLine[] more = new OcrLine[lines.size()];
      reader.read(under, lines, more, deadline());
      assertThat(Arrays.stream(more).map(OcrLine::text).toList()).noneMatch(t -> t.contains("-"));
    }
  }

  @Test
  void aWordHitsInALineWhoseBoxIsTaller() {
    try (Mat low = TextImages.render(600, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "status ok now");
        Mat tall = TextImages.render(600, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "status {ok} [done]");
        LineReader reader = new LineReader(1, 100, WORDS, OcrEngine::start)) {
      RectList a = line(low);
      RectList b = line(tall);
      assertThat(b.height(0)).isGreaterThan(a.height(0));
      OcrLine[] out = new OcrLine[1];
      LineReader.Counts first = reader.read(low, a, out, deadline());
      assertThat(first.wordLines).isEqualTo(1);
      assertThat(out[0].text()).isEqualTo("status ok now");
      LineReader.Counts second = reader.read(tall, b, out, deadline());
      assertThat(second.wordHits).as("status").isEqualTo(1);
      assertThat(second.wordMisses).isEqualTo(2);
      assertThat(out[0].text()).isEqualTo("status {ok} [done]");
      // Word boxes land on the words in frame pixels.
      assertThat(out[0].wordX(0)).isBetween(b.x(0), b.x(0) + 2);
      assertThat(out[0].wordX(2)).isGreaterThan(out[0].wordX(1));
    }
  }

  /**
   * Word boxes mapped back to frame pixels, from a whole-line read and from a line put together
   * from words, cover every ink column of their word, with the columns OCR is given squeezed
   * ({@link LineReader#SQUEEZE}) or not. Lines put together from words once landed a few pixels
   * left of their words (offset by 1 where the margin is {@link LineReader#MARGIN}).
   */
  @ParameterizedTest
  @ValueSource(doubles = {1.0, 0.8})
  void wordBoxesCoverTheirWordsInk(double squeeze) {
    try (Mat img = TextImages.render(900, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "alpha beta gamma delta");
        LineReader whole = new LineReader(1, 100, 0, squeeze, OcrEngine::start);
        LineReader words = new LineReader(1, 100, WORDS, squeeze, OcrEngine::start)) {
      RectList lines = line(img);
      int[] ink = inkRuns(grey(img, lines, 0), lines.width(0), lines.height(0), 4);
      assertThat(ink.length / 2).as("words drawn").isEqualTo(4);
      OcrLine[] out = new OcrLine[1];
      whole.read(img, lines, out, deadline());
      assertCovers(out[0], ink, lines.x(0));
      LineReader.Counts c = words.read(img, lines, out, deadline());
      assertThat(c.wordLines).as("put together from words").isEqualTo(1);
      assertCovers(out[0], ink, lines.x(0));
    }
  }

  private static void assertCovers(OcrLine line, int[] ink, int x0) {
    assertThat(line.text()).isEqualTo("alpha beta gamma delta");
    assertThat(line.words()).isEqualTo(ink.length / 2);
    for (int k = 0; k < line.words(); k++) {
      assertThat(line.wordX(k)).as("left of word %d", k).isLessThanOrEqualTo(x0 + ink[k * 2]);
      assertThat(line.wordX(k) + line.wordWidth(k)).as("right of word %d", k)
          .isGreaterThan(x0 + ink[k * 2 + 1]);
    }
  }

  /** First and last ink column of each run of columns split by {@code gap} or more blank ones. */
  private static int[] inkRuns(byte[] grey, int w, int h, int gap) {
    int[] runs = new int[2 * w];
    int n = 0;
    int blank = gap;
    for (int x = 0; x < w; x++) {
      boolean ink = false;
      for (int y = 0; y < h && !ink; y++) {
        ink = (grey[y * w + x] & 0xFF) < 128;
      }
      if (!ink) {
        blank++;
        continue;
      }
      if (blank >= gap) {
        runs[n * 2] = x;
        n++;
      }
      runs[n * 2 - 1] = x;
      blank = 0;
    }
    return Arrays.copyOf(runs, n * 2);
  }

  @Test
  void ocrWordsThatStraddleTwoCropsDoNotMap() {
    // Crops at columns 0-10 and 20-30 (frame pixels), enlarged twice and padded by M.
    int m = LineReader.MARGIN;
    int[] left = {0, 20};
    int[] right = {10, 30};
    int[] top = {0, 0};
    OcrLine two = new OcrLine("ab cd", 90, new int[] {m, m, 20, 10, 40 + m, m, 20, 10},
        new int[] {0, 2, 3, 5}, new float[] {90, 90});
    assertThat(LineReader.mapWords(two, 2, left, right, top, 2.0, 2)).extracting(
        LineWords.WordText::text).containsExactly("ab", "cd");
    OcrLine merged = new OcrLine("abcd", 90, new int[] {m, m, 60, 10}, new int[] {0, 4},
        new float[] {90});
    assertThat(LineReader.mapWords(merged, 2, left, right, top, 2.0, 2))
        .containsExactly(null, null);
    OcrLine onlyOne = new OcrLine("ab", 90, new int[] {m, m, 20, 10}, new int[] {0, 2},
        new float[] {90});
    assertThat(LineReader.mapWords(onlyOne, 2, left, right, top, 2.0, 2)).extracting(
        t -> t == null ? null : t.text()).containsExactly("ab", null);
    // A third crop at 40-50: the first two joined, the third still maps on its own.
    OcrLine joinedThenOne = new OcrLine("abcd ef", 90, new int[] {m, m, 60, 10, 80 + m, m, 20, 10},
        new int[] {0, 4, 5, 7}, new float[] {90, 90});
    assertThat(LineReader.mapWords(joinedThenOne, 3, new int[] {0, 20, 40},
        new int[] {10, 30, 50}, new int[] {0, 0, 0}, 2.0, 2)).extracting(
        t -> t == null ? null : t.text()).containsExactly(null, null, "ef");
  }

  @Test
  void whenASyntheticLineDoesNotMapTheLinesAreReadWholeAndNothingIsCached() {
    // An engine that reads any image as one word: the synthetic line's words join into one.
    AtomicInteger reads = new AtomicInteger();
    LineOcr oneWord = new LineOcr() {
      @Override
      public OcrLine read(ByteBuffer gray, int width, int height, int stride) {
        reads.incrementAndGet();
        return new OcrLine("whole", 90, new int[] {1, 1, width - 2, height - 2},
            new int[] {0, 5}, new float[] {90});
      }

      @Override
      public void close() {}
    };
    try (Mat img = TextImages.render(600, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "alpha beta gamma");
        Mat again = TextImages.render(600, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "gamma beta alpha");
        LineReader reader = new LineReader(1, 100, WORDS, () -> oneWord)) {
      OcrLine[] out = new OcrLine[1];
      LineReader.Counts c = reader.read(img, line(img), out, deadline());
      assertThat(c.syntheticReads).isEqualTo(1);
      assertThat(c.wordFallbacks).isEqualTo(1);
      assertThat(c.wordLines).isZero();
      assertThat(reads.get()).isEqualTo(2);
      assertThat(out[0].text()).isEqualTo("whole");
      LineReader.Counts d = reader.read(again, line(again), out, deadline());
      assertThat(d.wordHits).isZero();
    }
  }

  @Test
  void aCardNumberOverCachedAndNewWordsIsFoundAndHidden() {
    try (Mat first = TextImages.render(900, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "Ref 4111 1111 done");
        Mat second = TextImages.render(900, 60, MONO, SIZE, Color.BLACK, Color.WHITE,
            "Card number 4111 1111 1111 1111");
        Redactor r = new Redactor(RedactionMode.BLUR, 35,
            new LineReader(1, 100, WORDS, OcrEngine::start))) {
      line(first);
      line(second);
      RectList whole = new RectList(1);
      whole.add(0, 0, first.cols(), first.rows());
      r.redact(first, whole, deadline(), true);
      Redaction b = r.redact(second, whole, deadline(), true);
      assertThat(b.work().wordLines()).isEqualTo(1);
      assertThat(b.work().wordHits()).as("4111 and three times 1111").isEqualTo(4);
      assertThat(b.work().wordMisses()).as("Card, number").isEqualTo(2);
      assertThat(b.boxes()).anyMatch(x -> x.category() == Category.PAYMENT_CARD);
      try (LineReader plain = new LineReader(1, 0, 0, OcrEngine::start)) {
        RectList l = lines(second);
        OcrLine[] out = new OcrLine[l.size()];
        plain.read(second, l, out, deadline());
        String after = String.join("", Arrays.stream(out)
            .map(x -> x == null ? "" : x.text().replace(" ", "")).toList());
        assertThat(after).doesNotContain("4111").doesNotContain("11111111");
      }
    }
  }
}
