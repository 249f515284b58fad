package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.diff.TileChangeDetector;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Slots filled by copying only stale tiles end up equal to the frame, whatever the order. */
class BandCopierTest {

  @Test
  void everyHandedOffSlotEqualsTheFrameWhileCopyingOnlyStaleRows() {
    int w = 200;
    int h = 150;
    int tile = 16;
    int stride = w * 4;
    TileChangeDetector detector = new TileChangeDetector(w, h, tile);
    BandCopier copier = new BandCopier(detector.tilesX(), detector.tilesY(), tile, h, stride);
    ByteBuffer screen = ByteBuffer.allocateDirect(stride * h);
    ByteBuffer[] slots = new ByteBuffer[3];
    long[] versions = {-1, -1, -1};
    for (int i = 0; i < slots.length; i++) {
      slots[i] = ByteBuffer.allocateDirect(stride * h);
    }
    boolean[] mask = new boolean[detector.tileCount()];
    Random r = new Random(7);
    long copied = 0;
    int handOffs = 0;
    for (int frame = 0; frame < 300; frame++) {
      // A few pixels change, sometimes back to what an older slot holds.
      for (int k = r.nextInt(4); k > 0; k--) {
        int at = r.nextInt(h) * stride + r.nextInt(w) * 4 + r.nextInt(3);
        screen.put(at, (byte) r.nextInt(4));
      }
      int changed = detector.detect(screen, stride);
      if (changed == 0 || r.nextInt(5) == 0) {
        continue; // unchanged, or dropped under load: not committed
      }
      int s = handOffs++ % slots.length;
      detector.copyMask(mask);
      versions[s] = copier.handOff(screen, slots[s], versions[s], mask);
      detector.commit();
      copied += copier.lastBytes();
      assertThat(slots[s].mismatch(screen)).as("slot %d after frame %d", s, frame).isEqualTo(-1);
    }
    assertThat(handOffs).isGreaterThan(100);
    assertThat(copied).as("far less than a whole frame per hand-off")
        .isLessThan((long) handOffs * stride * h / 2);
  }

  @Test
  void aChangeInOneTileCopiesThatTileAndNotTheRestOfItsRow() {
    int w = 250; // the last tile column is 58 pixels wide
    int h = 128;
    int tile = 64;
    int stride = w * 4;
    TileChangeDetector detector = new TileChangeDetector(w, h, tile);
    BandCopier copier = new BandCopier(detector.tilesX(), detector.tilesY(), tile, h, stride);
    ByteBuffer screen = ByteBuffer.allocateDirect(stride * h);
    ByteBuffer slot = ByteBuffer.allocateDirect(stride * h);
    boolean[] mask = new boolean[detector.tileCount()];
    detector.detect(screen, stride);
    detector.copyMask(mask);
    long version = copier.handOff(screen, slot, -1, mask);
    detector.commit();
    assertThat(copier.lastBytes()).as("a slot never filled is copied whole")
        .isEqualTo((long) stride * h);

    screen.put(70 * stride + 100 * 4, (byte) 9); // tile (1, 1)
    assertThat(detector.detect(screen, stride)).isEqualTo(1);
    detector.copyMask(mask);
    version = copier.handOff(screen, slot, version, mask);
    detector.commit();
    assertThat(copier.lastBytes()).isEqualTo(64L * 64 * 4);
    assertThat(slot.mismatch(screen)).isEqualTo(-1);

    screen.put(10 * stride + 249 * 4, (byte) 9); // the narrow last column, tile (3, 0)
    assertThat(detector.detect(screen, stride)).isEqualTo(1);
    detector.copyMask(mask);
    copier.handOff(screen, slot, version, mask);
    detector.commit();
    assertThat(copier.lastBytes()).isEqualTo(58L * 64 * 4);
    assertThat(slot.mismatch(screen)).isEqualTo(-1);
  }
}
