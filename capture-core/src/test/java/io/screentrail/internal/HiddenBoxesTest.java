package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bookkeeping of where the stored frame shows pixels hidden, on its own (pure geometry). */
class HiddenBoxesTest {

  private static final int W = 640;
  private static final int H = 480;

  @Test
  void aBoxMovesWithTheCopyThatScrollsItAndWhatTheCopyCoveredIsNoLongerHidden() {
    HiddenBoxes hidden = new HiddenBoxes(W, H);
    hidden.add(10, 100, 200, 20); // a hidden line inside the scrolled area
    hidden.add(10, 50, 100, 20); // a hidden line the scroll pushes out (covered by the copy)
    hidden.add(10, 400, 100, 20); // below the scrolled area: stays
    // The rows 80..319 move up by 40 (a terminal scrolled two lines).
    hidden.moveWithCopies(list(0, 40, W, 240), list(0, 80, W, 240));

    // The line at rows 50..69 lies inside the copy's destination (rows 40..279): the reader
    // shows the source's unhidden rows 90..109 there now.
    assertThat(rects(hidden.boxes())).containsExactlyInAnyOrder(
        List.of(10, 60, 200, 20), List.of(10, 400, 100, 20));
  }

  @Test
  void aBoxHalfInsideACopysSourceMovesOnlyByThatHalf() {
    HiddenBoxes hidden = new HiddenBoxes(W, H);
    hidden.add(0, 70, 100, 20); // rows 70..89; the copy's source starts at row 80
    hidden.moveWithCopies(list(0, 40, W, 100), list(0, 80, W, 100));
    // Rows 80..89 moved to 40..49; rows 70..79 lie inside the destination (40..139): covered.
    assertThat(rects(hidden.boxes())).containsExactly(List.of(0, 40, 100, 10));
  }

  @Test
  void aBoxHiddenInBothFramesIsNotLiftedEvenWhereTheNewBoxIsShaped() {
    HiddenBoxes hidden = new HiddenBoxes(W, H);
    hidden.add(20, 100, 300, 20);
    RectList out = new RectList(4);
    // Read whole, hidden again by a box a little larger (the blur differs: nothing to store).
    hidden.lifted(list(0, 60, W, 100), list(17, 97, 306, 26), new RectList(4), out);
    assertThat(out.size()).isZero();
  }

  @Test
  void onlyThePartsNotHiddenNowAndNotStoredAnywayAreLifted() {
    HiddenBoxes hidden = new HiddenBoxes(W, H);
    hidden.add(20, 100, 300, 20); // a whole line, unread before
    RectList out = new RectList(4);
    // Now read: a number in it is hidden (x 200..259), and x 100..129 changed (an image).
    hidden.lifted(list(0, 60, W, 100), list(200, 97, 60, 26), list(100, 100, 30, 20), out);
    assertThat(rects(out)).containsExactlyInAnyOrder(List.of(20, 100, 80, 20),
        List.of(130, 100, 70, 20), List.of(260, 100, 60, 20));
    assertThat(out.area()).isEqualTo(300L * 20 - 60 * 20 - 30 * 20);
  }

  @Test
  void aBoxTheReadAreaCutsIsLeftAloneAsItsOtherPartWasNotRead() {
    HiddenBoxes hidden = new HiddenBoxes(W, H);
    hidden.add(20, 100, 300, 20);
    RectList out = new RectList(4);
    hidden.lifted(list(0, 110, W, 100), new RectList(4), new RectList(4), out);
    assertThat(out.size()).isZero();
    hidden.lifted(list(0, 0, W, 90), new RectList(4), new RectList(4), out);
    assertThat(out.size()).isZero();
  }

  @Test
  void storedPixelsCutBoxesAndNewBoxesAreClippedToTheFrame() {
    HiddenBoxes hidden = new HiddenBoxes(W, H);
    hidden.add(-3, 470, 50, 20);
    assertThat(rects(hidden.boxes())).containsExactly(List.of(0, 470, 47, 10));
    hidden.add(100, 100, 100, 100);
    hidden.subtract(list(120, 120, 20, 20));
    assertThat(hidden.boxes().area()).isEqualTo(47L * 10 + 100 * 100 - 20 * 20);
    hidden.subtract(list(0, 0, W, H));
    assertThat(hidden.boxes().size()).isZero();
  }

  @Test
  void aBoxHiddenAgainInEveryFrameIsRememberedOnce() {
    HiddenBoxes hidden = new HiddenBoxes(W, H);
    for (int frame = 0; frame < 100; frame++) {
      hidden.add(20, 100, 300, 20);
      hidden.add(25, 102, 100, 10); // inside the first
    }
    assertThat(rects(hidden.boxes())).containsExactly(List.of(20, 100, 300, 20));
  }

  @Test
  void piecesPastTheLimitAreForgottenNotKeptWithoutBound() {
    HiddenBoxes hidden = new HiddenBoxes(W, H);
    for (int i = 0; i < HiddenBoxes.MAX_BOXES + 10; i++) {
      hidden.add(i % W, (i / W) % H, 1, 1);
    }
    assertThat(hidden.boxes().size()).isEqualTo(HiddenBoxes.MAX_BOXES);
    RectList grid = new RectList(64);
    for (int x = 0; x < W; x += 2) {
      grid.add(x, 0, 1, 2); // cuts every wide box into many pieces
    }
    hidden.clear();
    hidden.add(0, 0, W, 1);
    hidden.subtract(grid);
    assertThat(hidden.boxes().size()).isLessThanOrEqualTo(HiddenBoxes.MAX_BOXES);
    assertThat(hidden.boxes().size()).isEqualTo(W / 2);
  }

  private static RectList list(int x, int y, int w, int h) {
    RectList l = new RectList(4);
    l.add(x, y, w, h);
    return l;
  }

  private static List<List<Integer>> rects(RectList l) {
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      out.add(List.of(l.x(i), l.y(i), l.width(i), l.height(i)));
    }
    return out;
  }
}
