package io.screentrail.internal;

/**
 * Where the frame a reader rebuilds shows pixels hidden (blurred or pixelated) now: the boxes of
 * the frames stored so far, moved along with scroll copies and cut away where newer pixels were
 * stored over them. {@link FrameStore} gives it the lines hidden for want of a reading (unread,
 * unreadable, over the CPU budget's OCR allowance), not the values a detector found.
 *
 * <p>It exists for one fidelity case: a line hidden whole in one stored frame (unread because OCR
 * fell behind or failed, or read with too little confidence) that a later frame reads and finds
 * harmless. A delta stores only the pixels whose raw value changed, so without this the reader
 * would keep the old blur, with the new characters crisp on it, until the next keyframe. {@link
 * #lifted} names the parts of such boxes to store again: only what this frame read whole and did
 * not hide. Boxes hidden in both frames are left alone, even where the blur differs: storing them
 * again would cost bytes and show nothing new.
 *
 * <p>Runs on the encoder thread only. Its lists are allocated with the store and grow only up to
 * {@link #MAX_BOXES}; pieces past that are not remembered, which leaves their old blur until the
 * next keyframe (the behaviour without this class), never shows anything hidden.
 */
public final class HiddenBoxes {

  /** Boxes remembered at most: a screen of hidden lines, cut into pieces by scrolls. */
  public static final int MAX_BOXES = 4096;

  private final int width;
  private final int height;
  private RectList boxes = new RectList(256);
  private RectList spare = new RectList(256);
  private final RectList moved = new RectList(64);
  private final RectList pieces = new RectList(64);

  /** Boxes on a frame of {@code width} x {@code height} pixels. */
  public HiddenBoxes(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** Forgets every box (a keyframe stores every pixel again). */
  public void clear() {
    boxes.clear();
  }

  /** The boxes, valid until the next change. */
  public RectList boxes() {
    return boxes;
  }

  /**
   * Remembers a hidden box, clipped to the frame, unless a box remembered already holds it (a
   * line hidden again in each frame without being stored again would otherwise pile up).
   */
  public void add(int x, int y, int w, int h) {
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w);
    int y1 = Math.min(height, y + h);
    if (x1 <= x0 || y1 <= y0 || boxes.size() >= MAX_BOXES) {
      return;
    }
    for (int i = 0; i < boxes.size(); i++) {
      if (x0 >= boxes.x(i) && y0 >= boxes.y(i) && x1 <= boxes.x(i) + boxes.width(i)
          && y1 <= boxes.y(i) + boxes.height(i)) {
        return;
      }
    }
    boxes.add(x0, y0, x1 - x0, y1 - y0);
  }

  /**
   * Applies a frame's copies, as a reader does: each destination shows what its source showed in
   * the previous frame, so the hidden parts of a source move to its destination, and what a
   * destination covered is no longer hidden unless its source was.
   */
  public void moveWithCopies(RectList copies, RectList sources) {
    if (copies.size() == 0) {
      return;
    }
    moved.clear();
    for (int c = 0; c < copies.size(); c++) {
      int dx = copies.x(c) - sources.x(c);
      int dy = copies.y(c) - sources.y(c);
      int sx0 = sources.x(c);
      int sy0 = sources.y(c);
      int sx1 = sx0 + copies.width(c);
      int sy1 = sy0 + copies.height(c);
      for (int i = 0; i < boxes.size(); i++) {
        int x0 = Math.max(sx0, boxes.x(i));
        int y0 = Math.max(sy0, boxes.y(i));
        int x1 = Math.min(sx1, boxes.x(i) + boxes.width(i));
        int y1 = Math.min(sy1, boxes.y(i) + boxes.height(i));
        if (x1 > x0 && y1 > y0) {
          moved.add(x0 + dx, y0 + dy, x1 - x0, y1 - y0);
        }
      }
    }
    subtract(copies);
    for (int i = 0; i < moved.size(); i++) {
      add(moved.x(i), moved.y(i), moved.width(i), moved.height(i));
    }
  }

  /** Cuts {@code stored} (regions whose pixels were stored again) out of the boxes. */
  public void subtract(RectList stored) {
    for (int r = 0; r < stored.size(); r++) {
      subtract(stored.x(r), stored.y(r), stored.width(r), stored.height(r));
    }
  }

  /** Cuts one rectangle out of the boxes: a box it meets is replaced by up to four pieces. */
  public void subtract(int x, int y, int w, int h) {
    RectList cut = cut(boxes, spare, x, y, w, h);
    spare = boxes;
    boxes = cut;
  }

  /**
   * Puts into {@code out} the parts of the boxes to store again this frame: those of a box that
   * lies whole inside one of the areas {@code read} (this frame's redaction read every line
   * there, whole), less what {@code hiddenNow} hides in this frame and what {@code storedAnyway}
   * stores already. A box cut by an area's edge is left alone: its other part was not read.
   */
  public void lifted(RectList read, RectList hiddenNow, RectList storedAnyway, RectList out) {
    out.clear();
    for (int i = 0; i < boxes.size(); i++) {
      for (int a = 0; a < read.size(); a++) {
        if (inside(boxes, i, read, a)) {
          out.add(boxes.x(i), boxes.y(i), boxes.width(i), boxes.height(i));
          break;
        }
      }
    }
    if (out.size() == 0) {
      return;
    }
    RectList from = out;
    RectList to = pieces;
    for (int pass = 0; pass < 2; pass++) {
      RectList minus = pass == 0 ? hiddenNow : storedAnyway;
      for (int r = 0; r < minus.size() && from.size() > 0; r++) {
        RectList next = cut(from, to, minus.x(r), minus.y(r), minus.width(r), minus.height(r));
        to = from;
        from = next;
      }
    }
    if (from != out) {
      out.copyFrom(from);
    }
  }

  private static boolean inside(RectList a, int i, RectList b, int j) {
    return a.x(i) >= b.x(j) && a.y(i) >= b.y(j)
        && a.x(i) + a.width(i) <= b.x(j) + b.width(j)
        && a.y(i) + a.height(i) <= b.y(j) + b.height(j);
  }

  /**
   * Writes {@code from} less the rectangle into {@code to} (cleared first) and returns {@code
   * to}; {@code from} is left as it was. Pieces past {@link #MAX_BOXES} are left out.
   */
  private static RectList cut(RectList from, RectList to, int x, int y, int w, int h) {
    to.clear();
    int rx1 = x + w;
    int ry1 = y + h;
    for (int i = 0; i < from.size(); i++) {
      int ax0 = from.x(i);
      int ay0 = from.y(i);
      int ax1 = ax0 + from.width(i);
      int ay1 = ay0 + from.height(i);
      if (to.size() > MAX_BOXES - 4) {
        break;
      }
      if (ax1 <= x || rx1 <= ax0 || ay1 <= y || ry1 <= ay0) {
        to.add(ax0, ay0, ax1 - ax0, ay1 - ay0);
        continue;
      }
      if (y > ay0) { // above the rectangle, the box's whole width
        to.add(ax0, ay0, ax1 - ax0, y - ay0);
      }
      if (ry1 < ay1) { // below it
        to.add(ax0, ry1, ax1 - ax0, ay1 - ry1);
      }
      int my0 = Math.max(ay0, y);
      int my1 = Math.min(ay1, ry1);
      if (x > ax0) { // left of it, on the rows they share
        to.add(ax0, my0, x - ax0, my1 - my0);
      }
      if (rx1 < ax1) { // right of it
        to.add(rx1, my0, ax1 - rx1, my1 - my0);
      }
    }
    return to;
  }
}
