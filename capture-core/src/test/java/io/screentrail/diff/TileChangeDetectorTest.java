package io.screentrail.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.screentrail.internal.RectList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TileChangeDetectorTest {

  private static ByteBuffer frame(int w, int h, int stride, long seed) {
    ByteBuffer b = ByteBuffer.allocateDirect(stride * h).order(ByteOrder.LITTLE_ENDIAN);
    Random r = new Random(seed);
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, (byte) r.nextInt());
    }
    return b;
  }

  @ParameterizedTest
  @CsvSource({"640,480,2560,64", "1000,333,4000,64", "1000,333,4096,32", "97,61,400,8"})
  void identicalFramesGiveNoChange(int w, int h, int stride, int tile) {
    TileChangeDetector d = new TileChangeDetector(w, h, tile);
    ByteBuffer f = frame(w, h, stride, 1);
    assertThat(d.detect(f, stride)).as("no reference yet: all changed").isEqualTo(d.tileCount());
    d.commit();
    assertThat(d.detect(frame(w, h, stride, 1), stride)).isZero();
  }

  @ParameterizedTest
  @CsvSource({"640,480,2560,64", "1000,333,4096,32"})
  void everySinglePixelChangeIsFoundInItsTile(int w, int h, int stride, int tile) {
    TileChangeDetector d = new TileChangeDetector(w, h, tile);
    ByteBuffer f = frame(w, h, stride, 2);
    d.detect(f, stride);
    d.commit();
    Random r = new Random(3);
    for (int i = 0; i < 200; i++) {
      int x = r.nextInt(w);
      int y = r.nextInt(h);
      int channel = r.nextInt(3); // B, G or R: a colour-only change must count
      int at = y * stride + x * 4 + channel;
      f.put(at, (byte) (f.get(at) ^ 1));
      assertThat(d.detect(f, stride)).isEqualTo(1);
      assertThat(d.isChanged(x / tile, y / tile)).isTrue();
      f.put(at, (byte) (f.get(at) ^ 1));
      assertThat(d.detect(f, stride)).isZero();
    }
  }

  @Test
  void bytesBeyondTheRowInTheStridePaddingAreIgnored() {
    int w = 100;
    int h = 50;
    int stride = 512;
    TileChangeDetector d = new TileChangeDetector(w, h, 16);
    ByteBuffer f = frame(w, h, stride, 4);
    d.detect(f, stride);
    d.commit();
    f.put(10 * stride + w * 4 + 3, (byte) 99);
    assertThat(d.detect(f, stride)).isZero();
  }

  @Test
  void aDroppedFrameLeavesTheReferenceSoItsChangeIsSeenAgain() {
    TileChangeDetector d = new TileChangeDetector(128, 128, 64);
    ByteBuffer f = frame(128, 128, 512, 5);
    d.detect(f, 512);
    d.commit();
    f.put(0, (byte) (f.get(0) + 1));
    assertThat(d.detect(f, 512)).isEqualTo(1);
    // not committed (the frame was dropped): the same change is reported next time
    assertThat(d.detect(f, 512)).isEqualTo(1);
    d.commit();
    assertThat(d.detect(f, 512)).isZero();
    d.invalidate();
    assertThat(d.detect(f, 512)).isEqualTo(4);
  }

  @Test
  void rejectsBadSizesNamingTheValue() {
    assertThatThrownBy(() -> new TileChangeDetector(0, 10, 64))
        .hasMessageContaining("0x10");
    assertThatThrownBy(() -> new TileChangeDetector(10, 10, 4))
        .hasMessage("tileSize must be in [8, 1024], was 4");
  }

  @Test
  void tileRegionsGroupNeighboursAndClipToTheFrame() {
    int w = 300;
    int h = 200;
    TileRegions regions = new TileRegions(w, h, 64); // 5 x 4 tiles, last column 44 px wide
    boolean[] mask = new boolean[20];
    mask[0] = true; // (0,0)
    mask[6] = true; // (1,1): diagonal neighbour of (0,0)
    mask[4] = true; // (4,0): right edge, clipped
    mask[19] = true; // (4,3): bottom-right corner, clipped
    RectList out = new RectList(4);
    regions.group(mask, out);
    assertThat(out.size()).isEqualTo(3);
    java.util.Set<String> got = new java.util.HashSet<>();
    for (int i = 0; i < out.size(); i++) {
      got.add(out.x(i) + "," + out.y(i) + "," + out.width(i) + "," + out.height(i));
    }
    assertThat(got).containsExactlyInAnyOrder("0,0,128,128", "256,0,44,64", "256,192,44,8");
  }

  @Test
  void markedDetectionHashesOnlyDamagedTilesAndKeepsMarksUntilCommit() {
    int w = 640;
    int h = 480;
    int stride = w * 4;
    TileChangeDetector d = new TileChangeDetector(w, h, 64);
    ByteBuffer f = frame(w, h, stride, 5);
    assertThat(d.detectMarked(f, stride)).as("no reference: everything").isEqualTo(d.tileCount());
    d.commit();
    // Two changes; the hints report only the first, so marked detection sees only it.
    f.put(100 * stride + 100 * 4, (byte) (f.get(100 * stride + 100 * 4) ^ 1));
    f.put(400 * stride + 600 * 4, (byte) (f.get(400 * stride + 600 * 4) ^ 1));
    d.markDamaged(90, 95, 20, 10);
    assertThat(d.hasMarks()).isTrue();
    assertThat(d.markedTop()).isEqualTo(64);
    assertThat(d.markedBottom()).isEqualTo(128);
    assertThat(d.detectMarked(f, stride)).isEqualTo(1);
    assertThat(d.isChanged(1, 1)).isTrue();
    // Not committed (the frame was dropped): the mark stays, the change is found again.
    assertThat(d.detectMarked(f, stride)).isEqualTo(1);
    // A full check finds the unreported change and says the hints missed it.
    assertThat(d.detect(f, stride)).isEqualTo(2);
    assertThat(d.changedUnmarked()).isEqualTo(1);
    d.commit();
    assertThat(d.hasMarks()).isFalse();
    assertThat(d.detect(f, stride)).isZero();
  }
}
