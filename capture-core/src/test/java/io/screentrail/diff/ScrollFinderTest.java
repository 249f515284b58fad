package io.screentrail.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.internal.RectList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shift finder's edge cases on generated BGR frames. The property every case checks: the
 * previous frame with the copies applied (from a snapshot) and the images pasted over is exactly
 * the current frame, so a copy never changes what a reader shows.
 */
class ScrollFinderTest {

  private static final int W = 640;
  private static final int H = 480;

  private final Random random = new Random(7);
  private final ScrollFinder finder = new ScrollFinder(W, H);
  private final RectList changed = new RectList(4);
  private final RectList images = new RectList(4);
  private final RectList copies = new RectList(4);
  private final RectList sources = new RectList(4);

  @Test
  void identicalFramesNeedNothing() {
    byte[] prev = textFrame();
    split(prev, prev.clone(), 40, 40, 300, 200);
    assertThat(images.size()).isZero();
    assertThat(copies.size()).isZero();
  }

  @Test
  void aRegionScrolledUpIsCopiesAndOnlyTheNewRowsAsImages() {
    byte[] prev = textFrame();
    byte[] cur = prev.clone();
    scroll(prev, cur, 0, 50, 400, 300, -13);
    newRows(cur, 0, 50 + 300 - 13, 400, 13);
    split(prev, cur, 0, 50, 400, 300);
    assertRebuilds(prev, cur);
    assertThat(copies.size()).isEqualTo(1);
    assertThat(copies.y(0)).isEqualTo(50);
    assertThat(sources.y(0)).isEqualTo(63);
    assertThat(copies.area()).isEqualTo(400L * 287);
    assertThat(images.area()).isEqualTo(400L * 13);
  }

  @Test
  void contentMovedDownOverlappingItsSourceRebuildsFromTheSnapshot() {
    byte[] prev = textFrame();
    byte[] cur = prev.clone();
    scroll(prev, cur, 64, 10, 256, 400, 120);
    newRows(cur, 64, 10, 256, 120);
    split(prev, cur, 64, 10, 256, 400);
    assertRebuilds(prev, cur);
    assertThat(copies.area()).isEqualTo(256L * 280);
    assertThat(sources.y(0) - copies.y(0)).isEqualTo(-120);
  }

  @Test
  void twoScrollsSideBySideInOneRegionAreBothFound() {
    byte[] prev = textFrame();
    byte[] cur = prev.clone();
    // A terminal (left) scrolled by one 13-px line, a page (right) by 120 px.
    scroll(prev, cur, 0, 0, 320, 400, -13);
    newRows(cur, 0, 387, 320, 13);
    scroll(prev, cur, 320, 0, 320, 400, -120);
    newRows(cur, 320, 280, 320, 120);
    split(prev, cur, 0, 0, 640, 400);
    assertRebuilds(prev, cur);
    assertThat(shifts()).contains(13, 120);
    assertThat(copies.area()).isEqualTo(320L * 387 + 320L * 280);
  }

  @Test
  void aScrollbarBesideTheScrolledRowsCostsOnlyItsStrip() {
    byte[] prev = textFrame();
    byte[] cur = prev.clone();
    scroll(prev, cur, 0, 0, 500, 400, -40);
    newRows(cur, 0, 360, 500, 40);
    // The scrollbar's thumb moved: a column that changes on rows that did not scroll.
    fill(prev, 500, 0, 12, 400, 200);
    fill(cur, 500, 0, 12, 400, 200);
    fill(prev, 500, 100, 12, 50, 90);
    fill(cur, 500, 130, 12, 50, 90);
    split(prev, cur, 0, 0, 512, 400);
    assertRebuilds(prev, cur);
    // The scrollbar shares the last strip (448-512) with scrolled text; the other strips copy.
    assertThat(copies.area()).isGreaterThanOrEqualTo(448L * 360);
    assertThat(images.area()).isLessThan(512L * 400 / 4);
  }

  @Test
  void contentThatDidNotMoveIsAllImage() {
    byte[] prev = textFrame();
    byte[] cur = prev.clone();
    newRows(cur, 100, 100, 150, 150); // a clock face redrawn
    split(prev, cur, 100, 100, 150, 150);
    assertRebuilds(prev, cur);
    assertThat(copies.size()).isZero();
    assertThat(images.area()).isEqualTo(150L * 150);
  }

  @Test
  void aPartlyScrolledRegionCopiesTheScrolledPartOnly() {
    byte[] prev = textFrame();
    byte[] cur = prev.clone();
    scroll(prev, cur, 0, 0, 256, 200, -26);
    newRows(cur, 0, 174, 256, 26);
    newRows(cur, 256, 0, 128, 200); // beside it, a repaint
    split(prev, cur, 0, 0, 384, 200);
    assertRebuilds(prev, cur);
    assertThat(copies.area()).isEqualTo(256L * 174);
    assertThat(images.area()).isLessThanOrEqualTo(256L * 26 + 128L * 200);
  }

  @Test
  void blankRowsThatMatchAnyShiftStayOneCopy() {
    byte[] prev = new byte[W * H * 3];
    fill(prev, 0, 0, W, H, 30);
    // Sparse text lines with blank rows between them, like a terminal.
    for (int y = 20; y < 400; y += 26) {
      newRows(prev, 8, y, 300, 13);
    }
    byte[] cur = prev.clone();
    scroll(prev, cur, 0, 0, 640, 420, -26);
    fill(cur, 0, 394, 640, 26, 30);
    newRows(cur, 8, 394, 300, 13);
    split(prev, cur, 0, 0, 640, 420);
    assertRebuilds(prev, cur);
    // Blank strips copy all their rows; the text strips copy above and below the new line.
    assertThat(copies.size()).isLessThanOrEqualTo(3);
    assertThat(images.area()).isLessThanOrEqualTo(320L * 13);
  }

  @Test
  void smallRegionsAreImagesWithoutASearch() {
    byte[] prev = textFrame();
    byte[] cur = prev.clone();
    newRows(cur, 10, 10, 40, 5);
    long compared = finder.rowsCompared();
    split(prev, cur, 10, 10, 40, 5);
    assertThat(images.size()).isEqualTo(1);
    assertThat(finder.rowsCompared()).isEqualTo(compared);
  }

  /**
   * Kept fingerprints are only a saving: over a run of frames where regions scroll, get repainted
   * and are written back into the previous frame (in place, as the engine does), a finder that
   * keeps them splits exactly as a new finder does, and fingerprints fewer rows.
   */
  @Test
  void keptFingerprintsSplitExactlyAsAFreshFinder() {
    byte[] prevBytes = textFrame();
    ByteBuffer prev = wrap(prevBytes);
    long freshRows = 0;
    for (int step = 0; step < 40; step++) {
      byte[] cur = prevBytes.clone();
      changed.clear();
      // A terminal that scrolls by a line or two, a page beside it by more, now and then a
      // repaint of a small box that straddles both; the terminal box widens or moves now and then.
      int tx = 8 + (step / 10) * 64;
      int tw = 200 + (step / 4 % 3) * 20;
      scroll(prevBytes, cur, tx, 20, tw, 300, -(1 + random.nextInt(2)) * 12);
      newRows(cur, tx, 296, tw, 24);
      changed.add(tx, 20, tw, 300);
      if (step % 2 == 0) {
        scroll(prevBytes, cur, 340, 40, 280, 400, -60);
        newRows(cur, 340, 380, 280, 60);
        changed.add(340, 40, 280, 400);
      }
      if (step % 5 == 3) {
        newRows(cur, 100, 400, 200, 30);
        changed.add(100, 400, 200, 30);
      }
      TileRegions.mergeOverlapping(changed, 0);
      ByteBuffer curBuf = wrap(cur);
      freshRows += splitAsAFreshFinder(step, prev, prevBytes, cur, curBuf);
      // Store the changed rectangles into the previous frame, as the engine's canvas.
      for (int i = 0; i < changed.size(); i++) {
        for (int r = changed.y(i); r < changed.y(i) + changed.height(i); r++) {
          int p = (r * W + changed.x(i)) * 3;
          System.arraycopy(cur, p, prevBytes, p, changed.width(i) * 3);
        }
      }
      if (step % 10 == 9) {
        finder.previousChanged(changed); // as with redaction: rows are read again
      } else {
        finder.previousIsCurrent(changed);
      }
    }
    assertThat(copies.size()).isPositive();
    // Current rows are always fingerprinted: the saving is the previous frame's rows.
    assertThat(finder.rowsFingerprinted()).isLessThan(freshRows * 2 / 3);
  }

  @Test
  void keptFingerprintsHoldWhenThePreviousFrameMovesToTheCurrentFramesBuffer() {
    // The engine swaps buffers instead of copying: the frame just split becomes the previous one.
    byte[] prevBytes = textFrame();
    ByteBuffer prev = wrap(prevBytes);
    long freshRows = 0;
    for (int step = 0; step < 30; step++) {
      byte[] cur = prevBytes.clone();
      changed.clear();
      scroll(prevBytes, cur, 8, 20, 220, 300, -(1 + random.nextInt(2)) * 12);
      newRows(cur, 8, 296, 220, 24);
      changed.add(8, 20, 220, 300);
      if (step % 2 == 0) {
        scroll(prevBytes, cur, 340, 40, 280, 400, -60);
        newRows(cur, 340, 380, 280, 60);
        changed.add(340, 40, 280, 400);
      }
      TileRegions.mergeOverlapping(changed, 0);
      ByteBuffer curBuf = wrap(cur);
      freshRows += splitAsAFreshFinder(step, prev, prevBytes, cur, curBuf);
      finder.previousIsCurrent(changed);
      finder.previousMoved(curBuf);
      prev = curBuf;
      prevBytes = cur;
    }
    assertThat(copies.size()).isPositive();
    assertThat(finder.rowsFingerprinted()).isLessThan(freshRows * 2 / 3);
  }

  /**
   * Splits {@code cur} with the kept finder and with a new one over the same previous frame,
   * asserts both give the same images, copies and sources and that they rebuild {@code cur};
   * returns the rows the new finder fingerprinted.
   */
  private long splitAsAFreshFinder(int step, ByteBuffer prev, byte[] prevBytes, byte[] cur,
      ByteBuffer curBuf) {
    RectList images2 = new RectList(4);
    RectList copies2 = new RectList(4);
    RectList sources2 = new RectList(4);
    ScrollFinder fresh = new ScrollFinder(W, H);
    finder.split(curBuf, prev, changed, images, copies, sources);
    fresh.split(curBuf, wrap(prevBytes), changed, images2, copies2, sources2);
    assertThat(rects(images)).as("images, step %d", step).isEqualTo(rects(images2));
    assertThat(rects(copies)).as("copies, step %d", step).isEqualTo(rects(copies2));
    assertThat(rects(sources)).as("sources, step %d", step).isEqualTo(rects(sources2));
    assertRebuilds(prevBytes, cur);
    return fresh.rowsFingerprinted();
  }

  private static java.util.List<java.util.List<Integer>> rects(RectList l) {
    java.util.List<java.util.List<Integer>> out = new java.util.ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      out.add(java.util.List.of(l.x(i), l.y(i), l.width(i), l.height(i)));
    }
    return out;
  }

  private java.util.List<Integer> shifts() {
    java.util.List<Integer> s = new java.util.ArrayList<>();
    for (int i = 0; i < copies.size(); i++) {
      s.add(sources.y(i) - copies.y(i));
    }
    return s;
  }

  private void split(byte[] prev, byte[] cur, int x, int y, int w, int h) {
    changed.clear();
    changed.add(x, y, w, h);
    finder.split(wrap(cur), wrap(prev), changed, images, copies, sources);
  }

  /** Applies copies from a snapshot of {@code prev}, then images from {@code cur}. */
  private void assertRebuilds(byte[] prev, byte[] cur) {
    byte[] out = prev.clone();
    for (int i = 0; i < copies.size(); i++) {
      assertThat(sources.width(i)).isEqualTo(copies.width(i));
      assertThat(sources.height(i)).isEqualTo(copies.height(i));
      for (int r = 0; r < copies.height(i); r++) {
        System.arraycopy(prev, ((sources.y(i) + r) * W + sources.x(i)) * 3, out,
            ((copies.y(i) + r) * W + copies.x(i)) * 3, copies.width(i) * 3);
      }
    }
    for (int i = 0; i < images.size(); i++) {
      for (int r = 0; r < images.height(i); r++) {
        int p = ((images.y(i) + r) * W + images.x(i)) * 3;
        System.arraycopy(cur, p, out, p, images.width(i) * 3);
      }
    }
    assertThat(out).isEqualTo(cur);
  }

  private static ByteBuffer wrap(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private byte[] textFrame() {
    byte[] f = new byte[W * H * 3];
    newRows(f, 0, 0, W, H);
    return f;
  }

  /** Rows of random "text": every row differs from every other. */
  private void newRows(byte[] f, int x, int y, int w, int h) {
    for (int r = y; r < y + h; r++) {
      for (int c = x; c < x + w; c++) {
        int p = (r * W + c) * 3;
        f[p] = (byte) random.nextInt(256);
        f[p + 1] = (byte) random.nextInt(256);
        f[p + 2] = (byte) random.nextInt(256);
      }
    }
  }

  private static void fill(byte[] f, int x, int y, int w, int h, int value) {
    for (int r = y; r < y + h; r++) {
      java.util.Arrays.fill(f, (r * W + x) * 3, (r * W + x + w) * 3, (byte) value);
    }
  }

  /** Moves the rectangle's content by {@code dy} rows (negative: up), as a scroll does. */
  private static void scroll(byte[] prev, byte[] cur, int x, int y, int w, int h, int dy) {
    for (int r = y; r < y + h; r++) {
      int src = r - dy;
      if (src >= y && src < y + h) {
        System.arraycopy(prev, (src * W + x) * 3, cur, (r * W + x) * 3, w * 3);
      }
    }
  }
}
