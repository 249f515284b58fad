package io.screentrail.redact;

import java.util.function.LongSupplier;

/**
 * Where lines came back from OCR with nothing read at all and were not shaped like a line of
 * text: an animation (a clock's hands, a spinner, a video, a drawing area) that changes every
 * frame, so the line cache never answers it, and that OCR reads as nothing every time. A later
 * line that lies in such a spot is hidden as unreadable without being read ({@link #skip}).
 *
 * <p>Fail-closed by construction: a skipped line is hidden whole, exactly as the unreadable line
 * it stands for was; remembering a spot can only hide more, never store a pixel raw. What it can
 * cost is fidelity (text that appears in a spot later is hidden until it is read), so spots are
 * bounded and self-correcting: at most {@link #MAX_SPOTS}; a line in a spot is read anyway every
 * {@link #REREAD_EVERY}-th time the spot is met; a spot not confirmed by such a read for {@link
 * #FORGET_NANOS} is forgotten; a spot whose line reads as text (words read with the confidence
 * that keeps a line from being hidden as unreadable) is forgotten at once.
 *
 * <p>Runs on the redactor's thread (the encoder thread); allocates nothing after construction.
 */
final class UnreadableSpots {

  /** Spots remembered at most: a desktop's animations, each cut into a few line boxes. */
  static final int MAX_SPOTS = 32;

  /**
   * A line in a spot is read anyway on every 8th meeting: at 1 frame a second, text drawn over an
   * animation is read within 8 s (hidden until then), and the animation costs one read in 8.
   */
  static final int REREAD_EVERY = 8;

  /**
   * A spot not confirmed unreadable by a read for 20 s is forgotten: bounds how long text stays
   * hidden unread where spots are met rarely (fewer than {@link #REREAD_EVERY} times in 20 s), and
   * frees the places of animations that went away.
   */
  static final long FORGET_NANOS = 20_000_000_000L;

  /**
   * Lines at least this tall can become spots. Text rows on the desktops measured are 9 to 15 px
   * (a terminal's 6x13 rows, a page's 15 px lines); xclock's hands form boxes of 24 to 64 px.
   */
  static final int MIN_HEIGHT = 20;

  /**
   * Lines wider than this many heights are not spots: two rows of a terminal read as one box
   * (26 px high, 400 to 700 px wide) are text, wide and flat; the clock's boxes are at most 4.5
   * heights wide (140 x 32).
   */
  static final int MAX_WIDTH_PER_HEIGHT = 6;

  /** How far a spot reaches beyond the box it was learned from: a blob redrawn a few px over. */
  static final int GROW = 4;

  private final LongSupplier ticker;
  private final int[] x = new int[MAX_SPOTS];
  private final int[] y = new int[MAX_SPOTS];
  private final int[] w = new int[MAX_SPOTS];
  private final int[] h = new int[MAX_SPOTS];
  /** When a read last found the spot unreadable. */
  private final long[] confirmed = new long[MAX_SPOTS];
  /** When the spot was last met or learned: the least recent goes first when full. */
  private final long[] used = new long[MAX_SPOTS];
  /** Meetings since the spot was learned or last read. */
  private final int[] met = new int[MAX_SPOTS];
  private int size;

  /** Spots timed by {@code ticker} (nanoseconds, as {@link System#nanoTime}). */
  UnreadableSpots(LongSupplier ticker) {
    this.ticker = ticker;
  }

  /** Nanoseconds now, from the ticker: read once per frame by the redactor. */
  long now() {
    return ticker.getAsLong();
  }

  /** Forgets every spot. */
  void clear() {
    size = 0;
  }

  /** Spots remembered now. */
  int size() {
    return size;
  }

  /** Whether an unreadable line of this size is remembered as a spot: not shaped like text. */
  static boolean spotShaped(int width, int height) {
    return height >= MIN_HEIGHT && width <= MAX_WIDTH_PER_HEIGHT * height;
  }

  /**
   * Whether the line ({@code lx}, {@code ly}, {@code lw}, {@code lh}) is to be hidden without
   * being read: it lies in a spot (inside the spot grown by {@link #GROW}, or half of its area
   * or more over the spot), and this is not the spot's turn to be read again. Spots past {@link
   * #FORGET_NANOS} are forgotten on the way.
   */
  boolean skip(int lx, int ly, int lw, int lh, long now) {
    for (int s = size - 1; s >= 0; s--) {
      if (now - confirmed[s] > FORGET_NANOS) {
        remove(s);
      }
    }
    int s = holding(lx, ly, lw, lh);
    if (s < 0) {
      return false;
    }
    used[s] = now;
    if (++met[s] >= REREAD_EVERY) {
      met[s] = 0;
      return false;
    }
    return true;
  }

  /**
   * A line read as nothing: remembered as a spot if it is not shaped like text. A spot it lies
   * in takes its box and is confirmed, so a blob that moves a little is followed, not doubled.
   */
  void readAsNothing(int lx, int ly, int lw, int lh, long now) {
    if (!spotShaped(lw, lh)) {
      return;
    }
    int s = holding(lx, ly, lw, lh);
    if (s < 0) {
      s = size < MAX_SPOTS ? size++ : leastRecentlyUsed();
      met[s] = 0;
    }
    x[s] = lx;
    y[s] = ly;
    w[s] = lw;
    h[s] = lh;
    confirmed[s] = now;
    used[s] = now;
  }

  /** A line read as text: every spot it lies in is forgotten, so what is there is read again. */
  void readAsText(int lx, int ly, int lw, int lh) {
    for (int s = size - 1; s >= 0; s--) {
      if (holds(s, lx, ly, lw, lh)) {
        remove(s);
      }
    }
  }

  /**
   * How many meetings from now the line is read: 1 to {@link #REREAD_EVERY} when it lies in a
   * spot, 0 when it does not (read at once). For tests.
   */
  int meetingsUntilRead(int lx, int ly, int lw, int lh) {
    int s = holding(lx, ly, lw, lh);
    return s < 0 ? 0 : REREAD_EVERY - met[s];
  }

  /** The spot the line lies in, or -1. */
  private int holding(int lx, int ly, int lw, int lh) {
    for (int s = 0; s < size; s++) {
      if (holds(s, lx, ly, lw, lh)) {
        return s;
      }
    }
    return -1;
  }

  private boolean holds(int s, int lx, int ly, int lw, int lh) {
    int sx0 = x[s] - GROW;
    int sy0 = y[s] - GROW;
    int sx1 = x[s] + w[s] + GROW;
    int sy1 = y[s] + h[s] + GROW;
    if (lx >= sx0 && ly >= sy0 && lx + lw <= sx1 && ly + lh <= sy1) {
      return true;
    }
    long ow = Math.min(lx + lw, x[s] + w[s]) - Math.max(lx, x[s]);
    long oh = Math.min(ly + lh, y[s] + h[s]) - Math.max(ly, y[s]);
    return ow > 0 && oh > 0 && 2 * ow * oh >= (long) lw * lh;
  }

  private int leastRecentlyUsed() {
    int oldest = 0;
    for (int s = 1; s < size; s++) {
      if (used[s] - used[oldest] < 0) {
        oldest = s;
      }
    }
    return oldest;
  }

  private void remove(int s) {
    int last = --size;
    x[s] = x[last];
    y[s] = y[last];
    w[s] = w[last];
    h[s] = h[last];
    confirmed[s] = confirmed[last];
    used[s] = used[last];
    met[s] = met[last];
  }
}
