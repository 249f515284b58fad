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

  /** A BGRX screen, its tile detector and a copier, handing frames off as the capture loop does. */
  private static final class Rig implements AutoCloseable {
    final int w;
    final int h;
    final int stride;
    final TileChangeDetector detector;
    final BandCopier copier;
    final Mat screenMat;
    final ByteBuffer screen;
    private final Mat whole;
    private final boolean[] mask;

    Rig(int w, int h, int tile) {
      this.w = w;
      this.h = h;
      this.stride = w * 4;
      detector = new TileChangeDetector(w, h, tile);
      copier = new BandCopier(detector.tilesX(), detector.tilesY(), tile, w, h);
      screenMat = new Mat(h, w, CV_8UC4);
      screen = bytes(screenMat);
      whole = new Mat(h, w, CV_8UC3);
      mask = new boolean[detector.tileCount()];
    }

    Mat slot() {
      return new Mat(h, w, CV_8UC3);
    }

    /** Hands the detected change off into {@code slot}, commits it, returns the new version. */
    long handOff(Mat slot, long version) {
      detector.copyMask(mask);
      long v = copier.handOff(screenMat, slot, version, mask);
      detector.commit();
      return v;
    }

    /** The whole screen converted, to compare a slot with. */
    ByteBuffer expected() {
      cvtColor(screenMat, whole, COLOR_BGRA2BGR);
      return bytes(whole);
    }

    @Override
    public void close() {
      copier.close();
    }
  }

  @Test
  void everyHandedOffSlotEqualsTheFrameWhileConvertingOnlyStaleTiles() {
    try (Rig rig = new Rig(200, 150, 16)) {
      Mat[] slots = {rig.slot(), rig.slot(), rig.slot()};
      long[] versions = {-1, -1, -1};
      Random r = new Random(7);
      long copied = 0;
      int handOffs = 0;
      for (int frame = 0; frame < 300; frame++) {
        // A few bytes change, the unused fourth one too, sometimes back to what an older slot
        // holds.
        for (int k = r.nextInt(4); k > 0; k--) {
          int at = r.nextInt(rig.h) * rig.stride + r.nextInt(rig.w) * 4 + r.nextInt(4);
          rig.screen.put(at, (byte) r.nextInt(4));
        }
        int changed = rig.detector.detect(rig.screen, rig.stride);
        if (changed == 0 || r.nextInt(5) == 0) {
          continue; // unchanged, or dropped under load: not committed
        }
        int s = handOffs++ % slots.length;
        versions[s] = rig.handOff(slots[s], versions[s]);
        copied += rig.copier.lastBytes();
        assertThat(bytes(slots[s]).mismatch(rig.expected()))
            .as("slot %d after frame %d", s, frame).isEqualTo(-1);
      }
      assertThat(handOffs).isGreaterThan(100);
      assertThat(copied).as("far less than a whole frame per hand-off")
          .isLessThan((long) handOffs * rig.stride * rig.h / 2);
    }
  }

  @Test
  void aChangeInOneTileConvertsThatTileAndNotTheRestOfItsRow() {
    // The last tile column is 58 pixels wide.
    try (Rig rig = new Rig(250, 128, 64)) {
      int w = rig.w;
      int stride = rig.stride;
      ByteBuffer screen = rig.screen;
      for (int i = 0; i < stride * rig.h; i++) {
        screen.put(i, (byte) (i * 31 + i / stride));
      }
      Mat slot = rig.slot();
      rig.detector.detect(screen, stride);
      long version = rig.handOff(slot, -1);
      assertThat(rig.copier.lastBytes()).as("a slot never filled is converted whole")
          .isEqualTo((long) stride * rig.h);
      assertThat(bytes(slot).mismatch(rig.expected())).isEqualTo(-1);
      // Blue, green and red of pixel (3, 2) in that order, the fourth byte dropped.
      int px = (2 * w + 3) * 4;
      assertThat(new byte[] {bytes(slot).get((2 * w + 3) * 3),
          bytes(slot).get((2 * w + 3) * 3 + 1), bytes(slot).get((2 * w + 3) * 3 + 2)})
          .containsExactly(screen.get(px), screen.get(px + 1), screen.get(px + 2));

      screen.put(70 * stride + 100 * 4, (byte) 9); // tile (1, 1)
      assertThat(rig.detector.detect(screen, stride)).isEqualTo(1);
      version = rig.handOff(slot, version);
      assertThat(rig.copier.lastBytes()).isEqualTo(64L * 64 * 4);
      assertThat(bytes(slot).mismatch(rig.expected())).isEqualTo(-1);

      screen.put(10 * stride + 249 * 4, (byte) 9); // the narrow last column, tile (3, 0)
      assertThat(rig.detector.detect(screen, stride)).isEqualTo(1);
      rig.handOff(slot, version);
      assertThat(rig.copier.lastBytes()).isEqualTo(58L * 64 * 4);
      assertThat(bytes(slot).mismatch(rig.expected())).isEqualTo(-1);
    }
  }

  @Test
  void theSameStaleColumnsInTileRowsBelowEachOtherAreOneRectangle() {
    try (Rig rig = new Rig(256, 256, 64)) {
      int stride = rig.stride;
      Mat slot = rig.slot();
      rig.detector.detect(rig.screen, stride);
      long version = rig.handOff(slot, -1);
      // Tiles (1..2, 0..2) change (one block), and tile (0, 3) alone: two rectangles, 7 tiles.
      for (int ty = 0; ty < 3; ty++) {
        for (int tx = 1; tx < 3; tx++) {
          rig.screen.put((ty * 64 + 5) * stride + (tx * 64 + 5) * 4, (byte) 77);
        }
      }
      rig.screen.put((3 * 64 + 1) * stride + 4, (byte) 55);
      assertThat(rig.detector.detect(rig.screen, stride)).isEqualTo(7);
      rig.handOff(slot, version);
      assertThat(rig.copier.lastBytes()).isEqualTo(7L * 64 * 64 * 4);
      assertThat(rig.copier.lastRectangles()).isEqualTo(2);
      assertThat(bytes(slot).mismatch(rig.expected())).isEqualTo(-1);
    }
  }
}
