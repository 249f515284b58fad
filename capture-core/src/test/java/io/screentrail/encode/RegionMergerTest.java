package io.screentrail.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.screentrail.internal.RectList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge rule on rectangles alone: the bytes the encoded images really save are measured end
 * to end (BENCHMARKS.md, "Storage against 150 MB an hour"); what must hold here is that merged
 * regions cover every pixel of the regions they replace, stay disjoint, merge only when the
 * pixels added cost less than the overhead saved, and never add a pixel the guard refuses.
 */
class RegionMergerTest {

  /** 500 bytes of overhead at 0.5 bytes a pixel: a merge may add up to 1000 pixels per region saved. */
  private final RegionMerger merger = new RegionMerger(500, 0.5);

  @Test
  void theStripsOfNewTerminalLinesBecomeOneRegion() {
    // What the scroll finder leaves after a terminal printed a line: one image per 64-px strip,
    // the rows of each strip starting where that strip's text differs.
    RectList rects = new RectList(8);
    int[] tops = {510, 512, 511, 510, 512, 511};
    for (int s = 0; s < tops.length; s++) {
      rects.add(3 + 64 * s, tops[s], 64, 525 - tops[s]);
    }
    RectList before = copy(rects);

    int merged = merger.merge(rects, null);

    assertThat(merged).isEqualTo(5);
    assertThat(rects.size()).isEqualTo(1);
    assertThat(box(rects, 0)).containsExactly(3, 510, 384, 15);
    assertCovers(rects, before);
  }

  @Test
  void regionsFarApartStaySeparate() {
    RectList rects = new RectList(4);
    rects.add(0, 0, 64, 13);
    rects.add(900, 600, 64, 13); // the box would add about 580,000 pixels
    assertThat(merger.merge(rects, null)).isZero();
    assertThat(rects.size()).isEqualTo(2);
  }

  @Test
  void aMergeAddingMorePixelsThanTheOverheadPaysForIsNotMade() {
    RectList rects = new RectList(4);
    rects.add(0, 0, 100, 10);
    rects.add(0, 30, 100, 10); // the gap between them: 2000 pixels, 1000 bytes > 500
    assertThat(merger.merge(rects, null)).isZero();

    RectList close = new RectList(4);
    close.add(0, 0, 100, 10);
    close.add(0, 15, 100, 10); // 500 pixels, 250 bytes < 500
    assertThat(merger.merge(close, null)).isEqualTo(1);
    assertThat(box(close, 0)).containsExactly(0, 0, 100, 25);
  }

  @Test
  void aBoxThatTouchesAThirdRegionTakesItInAndTheRegionsStayDisjoint() {
    RectList rects = new RectList(4);
    rects.add(0, 0, 64, 20);
    rects.add(70, 0, 64, 20);
    rects.add(64, 10, 6, 12); // in the gap between them, reaching below both
    RectList before = copy(rects);

    assertThat(merger.merge(rects, null)).isEqualTo(2);
    assertThat(box(rects, 0)).containsExactly(0, 0, 134, 22);

    assertCovers(rects, before);
    assertDisjoint(rects);
  }

  @Test
  void theGuardSeesEveryAddedPixelAndNoneOfTheRegions() {
    RectList rects = new RectList(4);
    rects.add(0, 0, 40, 10);
    rects.add(50, 2, 30, 8);
    List<int[]> asked = new ArrayList<>();
    merger.merge(rects, (x, y, w) -> {
      asked.add(new int[] {x, y, w});
      return true;
    });

    assertThat(rects.size()).isEqualTo(1);
    long askedPixels = asked.stream().mapToLong(a -> a[2]).sum();
    // The box is 80x10 = 800; the regions cover 400 + 240.
    assertThat(askedPixels).isEqualTo(800 - 400 - 240);
    for (int[] a : asked) {
      boolean inFirst = a[1] < 10 && a[0] < 40;
      boolean inSecond = a[1] >= 2 && a[0] + a[2] > 50 && a[0] < 80;
      assertThat(inFirst || inSecond).as("segment %d,%d w %d", a[0], a[1], a[2]).isFalse();
    }
  }

  @Test
  void aRefusedSegmentKeepsTheRegionsApart() {
    RectList rects = new RectList(4);
    rects.add(0, 0, 40, 10);
    rects.add(50, 0, 40, 10);
    // The gap's row 4 shows something the reader does not have (a line redaction hid before).
    assertThat(merger.merge(rects, (x, y, w) -> y != 4)).isZero();
    assertThat(rects.size()).isEqualTo(2);
  }

  @Test
  void theEstimateFollowsWhatEncodedPixelsCost() {
    RegionMerger m = new RegionMerger(500, 0.5);
    for (int i = 0; i < 40; i++) {
      m.observe(10_000, 500 + 100); // 0.01 bytes a pixel beyond the overhead: blank pixels
    }
    assertThat(m.bytesPerPixel()).isLessThan(0.02);
    RectList rects = new RectList(4);
    rects.add(0, 0, 100, 10);
    rects.add(0, 30, 100, 10); // 2000 added pixels now cost about 20 bytes
    assertThat(m.merge(rects, null)).isEqualTo(1);
  }

  @Test
  void badSettingsNameTheValue() {
    assertThatThrownBy(() -> new RegionMerger(-1, 0.5))
        .hasMessageContaining("overheadBytes must be >= 0, was -1");
    assertThatThrownBy(() -> new RegionMerger(500, 0))
        .hasMessageContaining("bytesPerPixel must be > 0, was 0.0");
  }

  private static int[] box(RectList r, int i) {
    return new int[] {r.x(i), r.y(i), r.width(i), r.height(i)};
  }

  private static RectList copy(RectList r) {
    RectList c = new RectList(r.size());
    c.copyFrom(r);
    return c;
  }

  private static boolean covered(RectList r, int x, int y) {
    for (int i = 0; i < r.size(); i++) {
      if (x >= r.x(i) && x < r.x(i) + r.width(i) && y >= r.y(i) && y < r.y(i) + r.height(i)) {
        return true;
      }
    }
    return false;
  }

  private static void assertCovers(RectList after, RectList before) {
    for (int i = 0; i < before.size(); i++) {
      for (int y = before.y(i); y < before.y(i) + before.height(i); y++) {
        for (int x = before.x(i); x < before.x(i) + before.width(i); x++) {
          assertThat(covered(after, x, y)).as("pixel %d,%d", x, y).isTrue();
        }
      }
    }
  }

  private static void assertDisjoint(RectList r) {
    for (int i = 0; i < r.size(); i++) {
      for (int j = i + 1; j < r.size(); j++) {
        boolean overlap = r.x(i) < r.x(j) + r.width(j) && r.x(j) < r.x(i) + r.width(i)
            && r.y(i) < r.y(j) + r.height(j) && r.y(j) < r.y(i) + r.height(i);
        assertThat(overlap).as("regions %d and %d overlap", i, j).isFalse();
      }
    }
  }
}
