package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.screentrail.diff.TileChangeDetector;
import java.nio.ByteBuffer;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Slots filled by converting only stale tiles end up equal to the whole frame converted to BGR,
 * whatever the order.
 */
class BandCopierTest {

  private static ByteBuffer bytes(Mat m) {
    return m.data().limit((long) m.rows() * m.cols() * m.channels()).asByteBuffer();
  }

  /** The whole of {@code bgrx} converted, to compare a slot with. */
  private static ByteBuffer expected(Mat bgrx, Mat bgr) {
    cvtColor(bgrx, bgr, COLOR_BGRA2BGR);
    return bytes(bgr);
  }

  @Test
  void everyHandedOffSlotEqualsTheFrameWhileConvertingOnlyStaleTiles() {
    int w = 200;
    int h = 150;
    int tile = 16;
    int stride = w * 4;
    TileChangeDetector detector = new TileChangeDetector(w, h, tile);
    BandCopier copier = new BandCopier(detector.tilesX(), detector.tilesY(), tile, w, h);
    Mat screenMat = new Mat(h, w, CV_8UC4);
    ByteBuffer screen = bytes(screenMat);
    Mat whole = new Mat(h, w, CV_8UC3);
    Mat[] slots = new Mat[3];
    long[] versions = {-1, -1, -1};
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Mat(h, w, CV_8UC3);
    }
    boolean[] mask = new boolean[detector.tileCount()];
    Random r = new Random(7);
    long copied = 0;
    int handOffs = 0;
    for (int frame = 0; frame < 300; frame++) {
      // A few bytes change, the unused fourth one too, sometimes back to what an older slot holds.
      for (int k = r.nextInt(4); k > 0; k--) {
        int at = r.nextInt(h) * stride + r.nextInt(w) * 4 + r.nextInt(4);
        screen.put(at, (byte) r.nextInt(4));
      }
      int changed = detector.detect(screen, stride);
      if (changed == 0 || r.nextInt(5) == 0) {
        continue; // unchanged, or dropped under load: not committed
      }
      int s = handOffs++ % slots.length;
      detector.copyMask(mask);
      versions[s] = copier.handOff(screenMat, slots[s], versions[s], mask);
      detector.commit();
      copied += copier.lastBytes();
      assertThat(bytes(slots[s]).mismatch(expected(screenMat, whole)))
          .as("slot %d after frame %d", s, frame).isEqualTo(-1);
    }
    assertThat(handOffs).isGreaterThan(100);
    assertThat(copied).as("far less than a whole frame per hand-off")
        .isLessThan((long) handOffs * stride * h / 2);
    copier.close();
  }

  @Test
  void aChangeInOneTileConvertsThatTileAndNotTheRestOfItsRow() {
    int w = 250; // the last tile column is 58 pixels wide
    int h = 128;
    int tile = 64;
    int stride = w * 4;
    TileChangeDetector detector = new TileChangeDetector(w, h, tile);
    BandCopier copier = new BandCopier(detector.tilesX(), detector.tilesY(), tile, w, h);
    Mat screenMat = new Mat(h, w, CV_8UC4);
    ByteBuffer screen = bytes(screenMat);
    for (int i = 0; i < stride * h; i++) {
      screen.put(i, (byte) (i * 31 + i / stride));
    }
    Mat whole = new Mat(h, w, CV_8UC3);
    Mat slot = new Mat(h, w, CV_8UC3);
    boolean[] mask = new boolean[detector.tileCount()];
    detector.detect(screen, stride);
    detector.copyMask(mask);
    long version = copier.handOff(screenMat, slot, -1, mask);
    detector.commit();
    assertThat(copier.lastBytes()).as("a slot never filled is converted whole")
        .isEqualTo((long) stride * h);
    assertThat(bytes(slot).mismatch(expected(screenMat, whole))).isEqualTo(-1);
    // Blue, green and red of pixel (3, 2) in that order, the fourth byte dropped.
    int px = (2 * w + 3) * 4;
    assertThat(new byte[] {bytes(slot).get((2 * w + 3) * 3), bytes(slot).get((2 * w + 3) * 3 + 1),
        bytes(slot).get((2 * w + 3) * 3 + 2)})
        .containsExactly(screen.get(px), screen.get(px + 1), screen.get(px + 2));

    screen.put(70 * stride + 100 * 4, (byte) 9); // tile (1, 1)
    assertThat(detector.detect(screen, stride)).isEqualTo(1);
    detector.copyMask(mask);
    version = copier.handOff(screenMat, slot, version, mask);
    detector.commit();
    assertThat(copier.lastBytes()).isEqualTo(64L * 64 * 4);
    assertThat(bytes(slot).mismatch(expected(screenMat, whole))).isEqualTo(-1);

    screen.put(10 * stride + 249 * 4, (byte) 9); // the narrow last column, tile (3, 0)
    assertThat(detector.detect(screen, stride)).isEqualTo(1);
    detector.copyMask(mask);
    copier.handOff(screenMat, slot, version, mask);
    detector.commit();
    assertThat(copier.lastBytes()).isEqualTo(58L * 64 * 4);
    assertThat(bytes(slot).mismatch(expected(screenMat, whole))).isEqualTo(-1);
    copier.close();
  }

  @Test
  void theSameStaleColumnsInTileRowsBelowEachOtherAreOneRectangle() {
    int w = 256;
    int h = 256;
    int tile = 64;
    int stride = w * 4;
    TileChangeDetector detector = new TileChangeDetector(w, h, tile);
    BandCopier copier = new BandCopier(detector.tilesX(), detector.tilesY(), tile, w, h);
    Mat screenMat = new Mat(h, w, CV_8UC4);
    ByteBuffer screen = bytes(screenMat);
    Mat whole = new Mat(h, w, CV_8UC3);
    Mat slot = new Mat(h, w, CV_8UC3);
    boolean[] mask = new boolean[detector.tileCount()];
    detector.detect(screen, stride);
    detector.copyMask(mask);
    long version = copier.handOff(screenMat, slot, -1, mask);
    detector.commit();
    // Tiles (1..2, 0..2) change (one block), and tile (0, 3) alone: two rectangles, 7 tiles.
    for (int ty = 0; ty < 3; ty++) {
      for (int tx = 1; tx < 3; tx++) {
        screen.put((ty * 64 + 5) * stride + (tx * 64 + 5) * 4, (byte) 77);
      }
    }
    screen.put((3 * 64 + 1) * stride + 4, (byte) 55);
    assertThat(detector.detect(screen, stride)).isEqualTo(7);
    detector.copyMask(mask);
    copier.handOff(screenMat, slot, version, mask);
    detector.commit();
    assertThat(copier.lastBytes()).isEqualTo(7L * 64 * 64 * 4);
    assertThat(copier.lastRectangles()).isEqualTo(2);
    assertThat(bytes(slot).mismatch(expected(screenMat, whole))).isEqualTo(-1);
    copier.close();
  }
}
