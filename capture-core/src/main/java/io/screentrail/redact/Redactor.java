package io.screentrail.redact;

import static org.bytedeco.opencv.global.opencv_core.ALGO_HINT_DEFAULT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_ISOLATED;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.detect.Category;
import io.screentrail.redact.detect.Detectors;
import io.screentrail.redact.detect.Finding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Hides sensitive text in a frame, in memory, before it is encoded: finds the text lines in the
 * areas to examine, reads them (cached OCR), runs the detectors over the lines in reading order,
 * and blurs or pixelates each finding's words. Fails closed: a line read with too little
 * confidence is hidden as if sensitive, and a line not read in time (or whose OCR failed) is
 * hidden too, or reported so the caller drops the frame. A line lying where OCR read nothing
 * at all a moment before, on a box not shaped like text (an animation), is hidden without being
 * read ({@link UnreadableSpots}): hiding more is always allowed, storing raw never.
 *
 * <p>Not thread-safe: the encoder thread owns it; OCR itself runs on the reader's workers.
 */
public final class Redactor implements AutoCloseable {

  /** The detector id of lines hidden without reading, in a spot that read as nothing before. */
  public static final String UNREADABLE_AGAIN = "unreadable-again";

  /**
   * The detector id of lines hidden whole without being read because the frame's OCR allowance
   * ({@link #ocrAllowance}) was spent: never stored raw, read later when the allowance has room.
   */
  public static final String OVER_BUDGET = "over-budget";

  /**
   * The detector id of tokens hidden in a read line next to an over-budget one: they may be the
   * read half of a value wrapped across the two lines ({@link #addBesideOverBudget}).
   */
  public static final String BESIDE_OVER_BUDGET = "beside-over-budget";

  /** A token that may be a piece of a value: it holds an {@code @} or four digits in a row. */
  private static final Pattern VALUE_PIECE = Pattern.compile("\\S*(?:@|\\d{4})\\S*");

  /** Padding around a hidden word, in pixels. */
  private static final int PAD = 3;

  /**
   * How far above and below an area lines are looked for, so that a line the area's edge cuts
   * through is read whole: a cut line reads differently (a cache miss, often an unreadable line
   * hidden for nothing) from the same line read whole before.
   */
  private static final int LINE_REACH = 32;

  /**
   * The blur reads only the box's own pixels (reflected at its edges): otherwise its output
   * depends on the pixels around the box, up to the kernel's reach, and a box over unchanged
   * text near a changing line (the next line a terminal prints) comes out different every frame
   * and is stored again, and a copied box no longer matches its source.
   */
  private static final int BLUR_BORDER = BORDER_REFLECT_101 | BORDER_ISOLATED;

  /** Blur kernels reach at most this far: a 40 px line of text is lost under it. */
  private static final int MAX_BLUR_RADIUS = 40;

  /**
   * Source and hidden pixels of the boxes remembered: the boxes of a dense terminal screen take
   * well under 1 MB, a screen of hidden lines about 2 MB.
   */
  static final long HIDDEN_BOX_CACHE_BYTES = 4L << 20;

  private final RedactionMode mode;
  private final float minConfidence;
  private final TextLineFinder finder = new TextLineFinder();
  private final LineReader reader;
  private final RectList lines = new RectList(256);
  private final RectList found = new RectList(256);
  /** Lines of this call that an area's edge crosses and that are shorter than their neighbours. */
  private final RectList shortAtEdge = new RectList(16);
  /** Lines of this call cut short by a redraw in a regular run of lines ({@link #cutByRedraw}). */
  private final RectList cutByRedraw = new RectList(16);
  /** Slivers of lines cut by a redraw: hidden without a reading ({@link #queueRead}). */
  private final RectList cutSlivers = new RectList(16);
  /** Rows of this call's lines past their cell: a cut line's sliver joined to a whole line. */
  private final RectList joinedSlivers = new RectList(16);
  private int[] heights = new int[256];
  private final RectList passwordPrompts = new RectList(4);
  private final Rect roi = new Rect();
  /**
   * The boxes' pixels as they were before any box was hidden: every box is blurred from these, so
   * where boxes overlap, a box's pixels do not depend on which other boxes were hidden before it
   * (a line hidden alone in one frame and beside a hidden neighbour in the next comes out the
   * same, and a scroll copy of it still matches). Allocated at the first frame's size.
   */
  private final Mat unhidden = new Mat();
  /** Boxes hidden before, by their pixels: the same pixels hide the same way. */
  private final HiddenBoxCache hiddenBoxes = new HiddenBoxCache(HIDDEN_BOX_CACHE_BYTES);
  private ByteBuffer unhiddenBytes;
  private ByteBuffer frameBytes;
  private OcrLine[] read = new OcrLine[256];
  private final List<String> rowTexts = new ArrayList<>();
  private final List<Integer> rowFirst = new ArrayList<>();
  private final List<Integer> rowLast = new ArrayList<>();
  private final RectList rowBoxes = new RectList(64);
  private int[] fragmentStart = new int[256];
  private final LastScan rowScan = new LastScan();
  private final LastScan columnScan = new LastScan();
  /** Where lines read as nothing are hidden without reading; null when turned off. */
  private final UnreadableSpots spots;
  private final RectList toRead = new RectList(256);
  private int[] toReadIndex = new int[256];
  private OcrLine[] readBack = new OcrLine[256];
  private boolean[] skipped = new boolean[256];
  /** Tesseract reads a frame may spend (see {@link #ocrAllowance}); lines past it are hidden. */
  private int ocrAllowance = Integer.MAX_VALUE;
  /** Areas whose lines get the allowance first; empty: reading order alone. */
  private final RectList readFirst = new RectList(16);
  private boolean[] overBudget = new boolean[256];
  private boolean[] overBudgetBack = new boolean[256];
  private boolean[] lowest = new boolean[256];
  /** Lines of {@link #lowest} already queued for reading (the lowest rows go first). */
  private boolean[] queuedLowest = new boolean[256];
  /** Lines of the lowest changed row queued this frame: read whatever the allowance. */
  private int lowestRowReads;
  /** This frame's lines hidden as unreadable, by {@link #addUnreadableBoxes}. */
  private int unreadable;
  /** This frame's lines hidden because a spot said they read as nothing before. */
  private int unreadableAgain;
  /** This frame's lines hidden because they were past the OCR allowance. */
  private int overBudgetLines;
  private byte[] rowAbove = new byte[3 * 1024];
  private byte[] rowBelow = new byte[3 * 1024];
  /** A row's pixels and its grey histogram, for {@link #rowInk}. */
  private byte[] inkRow = new byte[3 * 1024];
  private final int[] greyCounts = new int[256];
  /** The frame's pixels for {@link #rowInk}: a view made once a call, when first needed. */
  private ByteBuffer inkPixels;

  /**
   * The detectors' findings for the last texts scanned, reused while the texts stay the same (a
   * screen that did not change, or changed without changing what OCR read): a scan is a pure
   * function of its texts, and on a screen of cached lines it is the largest cost left.
   */
  private static final class LastScan {
    private List<String> texts = List.of();
    private List<Finding> findings = List.of();

    List<Finding> findings(List<String> now) {
      if (!now.equals(texts)) {
        findings = List.copyOf(Detectors.scan(now));
        texts = List.copyOf(now);
      }
      return findings;
    }
  }

  /**
   * @param mode blur or pixelate
   * @param minConfidence lines read with a lower mean confidence (0 to 100) are hidden
   * @param threads OCR workers
   * @param cacheLines OCR results remembered
   */
  public Redactor(RedactionMode mode, float minConfidence, int threads, long cacheLines) {
    this(mode, minConfidence, new LineReader(threads, cacheLines));
  }

  /** A redactor reading lines with {@code reader} (tests give it failing OCR engines). */
  Redactor(RedactionMode mode, float minConfidence, LineReader reader) {
    this(mode, minConfidence, reader,
        unreadableSpotsDefault() ? new UnreadableSpots(System::nanoTime) : null);
  }

  /**
   * Whether lines in spots that OCR read as nothing are hidden without reading ({@link
   * UnreadableSpots}): yes, unless the system property {@code screentrail.ocr.unreadableSpots}
   * is {@code false} (to measure without them).
   */
  static boolean unreadableSpotsDefault() {
    return !"false".equals(System.getProperty("screentrail.ocr.unreadableSpots"));
  }

  /** A redactor with its own {@code spots} (tests give them a ticker), or none for null. */
  Redactor(RedactionMode mode, float minConfidence, LineReader reader, UnreadableSpots spots) {
    this.spots = spots;
    if (mode == RedactionMode.OFF) {
      throw new IllegalArgumentException("a Redactor needs mode BLUR or PIXELATE");
    }
    this.mode = mode;
    this.minConfidence = minConfidence;
    this.reader = reader;
  }

  /**
   * Forgets where OCR read nothing: for a caller whose next frame is unrelated to the last (the
   * next of several images), where a spot of one image would hide another's text unread.
   */
  public void forgetUnreadableSpots() {
    if (spots != null) {
      spots.clear();
    }
  }

  /**
   * Forgets everything one frame leaves for the next: unreadable spots, the line finder's column
   * grids, cached OCR results of lines and words, and hidden boxes. The next {@link #redact} of
   * an image then gives what it gives on a new redactor, whatever came before it: for audits of
   * image files, where the output must not depend on the order of the files.
   */
  public void forgetHistory() {
    forgetUnreadableSpots();
    finder.forgetGrids();
    reader.forgetCaches();
    hiddenBoxes.clear();
  }

  /**
   * Limits the Tesseract reads of the next {@link #redact} calls to {@code reads} a frame ({@code
   * Integer.MAX_VALUE}: no limit). Lines the line cache answers or that are put together from
   * cached words cost none. Lines past the allowance are hidden whole as {@link #OVER_BUDGET},
   * whatever the OCR failure policy: they are not a failure, and dropping the frame would lose
   * everything else it shows. With at least one read, the lowest changed row ({@link #readFirst})
   * is read first and whole, which may cost a read or two more (a prompt found in pieces).
   */
  public void ocrAllowance(int reads) {
    this.ocrAllowance = Math.max(0, reads);
  }

  /**
   * The areas whose lines the allowance goes to first in the next {@link #redact} calls (copied);
   * the rest follow, each group in reading order.
   */
  public void readFirst(RectList areas) {
    readFirst.copyFrom(areas);
  }

  /** Boxes hidden from {@link HiddenBoxCache} so far, for tests and probes. */
  long hiddenBoxHits() {
    return hiddenBoxes.hits();
  }

  /** Starts the OCR engines now, so the first frame does not wait for them. */
  public void warmUp(int threads) throws Exception {
    reader.warmUp(threads);
  }

  /**
   * Examines the rectangles {@code areas} of {@code bgr} and hides what must not be stored, in
   * place.
   *
   * @param deadlineNanos lines not read by then ({@link System#nanoTime()}) count as unread
   * @param hideUnread whether to hide unread lines (else the caller drops the frame)
   */
  public Redaction redact(Mat bgr, RectList areas, long deadlineNanos, boolean hideUnread) {
    long t0 = System.nanoTime();
    findLines(bgr, areas);
    LineReader.Counts counts = readLines(bgr, deadlineNanos);

    List<Redaction.Box> boxes = new ArrayList<>();
    addUnreadableBoxes(bgr, areas, hideUnread, boxes);
    addFindings(boxes);
    hideBoxes(bgr, boxes);
    String status = counts.error != null ? "error" : counts.timedOut ? "timeout" : "ok";
    return new Redaction(boxes, lines.size() - cutSlivers.size(), counts.cacheHits,
        counts.ocrLines, unreadable, counts.unread, status, counts.error, System.nanoTime() - t0,
        new Redaction.OcrWork(counts.ocrCalls, counts.ocrChars, counts.ocrHeightsRead,
            counts.wordLines, counts.wordHits, counts.wordMisses, counts.syntheticReads,
            counts.wordFallbacks), unreadableAgain, overBudgetLines);
  }

  /**
   * First step of {@link #redact}: finds the text lines of {@code areas} into {@link #lines}, in
   * reading order, and makes room for their results in {@link #read}. Each step of a frame is a
   * method of its own so that C2 compiles (and after a trap recompiles) each alone rather than
   * one huge unit, whose compiler arena glibc keeps.
   */
  private void findLines(Mat bgr, RectList areas) {
    lines.clear();
    shortAtEdge.clear();
    cutByRedraw.clear();
    cutSlivers.clear();
    joinedSlivers.clear();
    inkPixels = null;
    for (int i = 0; i < areas.size(); i++) {
      findWholeLines(bgr, areas.x(i), areas.y(i), areas.width(i), areas.height(i));
    }
    sortReadingOrder(lines);
    if (read.length < lines.size()) {
      read = new OcrLine[lines.size() * 2];
    }
    Arrays.fill(read, null);
  }

  /**
   * Adds a box for each line hidden for what it is rather than what it says (read as nothing
   * before, past the allowance, a sliver, unread, or unreadable), and for each joined sliver;
   * counts them in {@link #unreadable}, {@link #unreadableAgain} and {@link #overBudgetLines}.
   */
  private void addUnreadableBoxes(Mat bgr, RectList areas, boolean hideUnread,
      List<Redaction.Box> boxes) {
    unreadable = 0;
    unreadableAgain = 0;
    overBudgetLines = 0;
    for (int i = 0; i < lines.size(); i++) {
      OcrLine l = read[i];
      if (skipped[i]) {
        // Hidden whatever the OCR failure policy: not unread, but known to read as nothing.
        unreadableAgain++;
        boxes.add(lineBox(UNREADABLE_AGAIN, i));
      } else if (overBudget[i]) {
        overBudgetLines++;
        boxes.add(lineBox(OVER_BUDGET, i));
      } else if (contains(cutSlivers, cutSlivers.size(), lines, i)) {
        // Hidden like an unreadable line, not counted as a line: it was never one to the finder.
        boxes.add(lineBox("unreadable", i));
      } else if (l == null) {
        if (hideUnread) {
          boxes.add(lineBox("unread", i));
        }
      } else if (l.words() == 0 || l.confidence() < minConfidence
          || lines.y(i) == 0 || lines.y(i) + lines.height(i) >= bgr.rows()
          || cutByAnEdge(bgr, areas, i) || contains(shortAtEdge, shortAtEdge.size(), lines, i)
          || contains(cutByRedraw, cutByRedraw.size(), lines, i)) {
        // A line cut by the frame's top or bottom edge (a terminal taller than the screen), or
        // by a viewport's edge inside it (a page scrolled under a browser's toolbar), shows the
        // upper or lower part of its glyphs: legible to a person, while OCR reads it as other
        // text, with confidence, and no detector finds the value in it.
        unreadable++;
        boxes.add(lineBox("unreadable", i));
      }
    }
    for (int s = 0; s < joinedSlivers.size(); s++) {
      unreadable++;
      boxes.add(new Redaction.Box("unreadable", null, joinedSlivers.x(s), joinedSlivers.y(s),
          joinedSlivers.width(s), joinedSlivers.height(s)));
    }
  }

  /**
   * Adds the boxes of what the detectors find in the rows, then in each column's lines, beside
   * labels and beside lines over the allowance; then drops repeated boxes.
   */
  private void addFindings(List<Redaction.Box> boxes) {
    joinRows();
    findPasswordPrompts();
    for (Finding f : rowScan.findings(rowTexts)) {
      addFindingBoxes(f, boxes);
    }
    // Again, each line alone in column order, so that a value wrapped inside a column (a
    // narrow ticket, a form) meets its continuation even when other columns sit between.
    // An empty text between lines that do not follow each other (another column, a gap), so
    // that no detector takes the one for the other's continuation.
    int[] order = columnOrder();
    List<String> columnTexts = new ArrayList<>(order.length * 2);
    int[] columnLine = new int[order.length * 2];
    // The line before in column order is kept, not read back as order[k - 1]: C2 hoisted that
    // read's range check out of the loop (loop predication), it failed at k = 0 on every frame,
    // and the fourth such trap had the method recompiled.
    int previous = -1;
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      if (previous >= 0 && !follows(previous, i)) {
        columnLine[columnTexts.size()] = -1;
        columnTexts.add("");
      }
      columnLine[columnTexts.size()] = i;
      columnTexts.add(read[i] == null ? "" : read[i].text());
      previous = i;
    }
    for (Finding f : columnScan.findings(columnTexts)) {
      addLineBox(columnLine[f.line()], f.start(), f.end(), f.detectorId(), f.category(), boxes);
    }
    addLabelledFields(boxes);
    addBesideOverBudget(boxes);
    removeRepeats(boxes);
  }

  /**
   * Hides {@code boxes} in {@code bgr}, each blurred from the frame's pixels as they were before
   * any box was hidden ({@link #unhidden}).
   */
  private void hideBoxes(Mat bgr, List<Redaction.Box> boxes) {
    unhidden.create(bgr.rows(), bgr.cols(), bgr.type());
    for (Redaction.Box b : boxes) {
      if (clip(bgr, b)) {
        try (Mat from = bgr.apply(roi); Mat to = unhidden.apply(roi)) {
          from.copyTo(to);
        }
      }
    }
    if (!boxes.isEmpty()) {
      unhiddenBytes = bytesOf(unhidden);
      frameBytes = bytesOf(bgr);
    }
    for (Redaction.Box b : boxes) {
      hide(bgr, b);
    }
  }

  /**
   * Reads {@link #lines} into {@link #read}, except lines in a spot of {@link #spots} whose turn
   * to be read has not come ({@link #skipped}, left null); then teaches the spots what was read.
   */
  private LineReader.Counts readLines(Mat bgr, long deadlineNanos) {
    int n = lines.size();
    if (skipped.length < n) {
      skipped = new boolean[n * 2];
    }
    Arrays.fill(skipped, false);
    if (overBudget.length < n) {
      overBudget = new boolean[n * 2];
      overBudgetBack = new boolean[n * 2];
    }
    Arrays.fill(overBudget, false);
    boolean limited = ocrAllowance != Integer.MAX_VALUE;
    if (spots == null && !limited) {
      return reader.read(bgr, lines, read, deadlineNanos);
    }
    long now = spots == null ? 0 : spots.now();
    toRead.clear();
    if (toReadIndex.length < n) {
      toReadIndex = new int[n * 2];
      readBack = new OcrLine[n * 2];
    }
    // With an allowance, the lines where the frame changed are read first (new text, where the
    // user works), the lowest row of each changed area before the others, the lowest of those
    // rows first: a terminal's newest line, where a password prompt appears, and reading it is
    // what masks the typing after it, even when the allowance is one read. Then the neighbours
    // read for context and lines left unread earlier. Reading order within each group and row
    // keeps a label before its value (and a prompt before the cursor block beside it). With any
    // allowance the lowest row is read whole, even past it: the line finder often splits a
    // prompt into pieces at its spaces ("[sudo]", "password for alice:"); one is not enough.
    boolean ordered = limited && readFirst.size() > 0;
    lowestRowReads = 0;
    if (ordered) {
      markLowestLines();
      queueLowestRows(now);
    }
    for (int pass = ordered ? 1 : 2; pass < 3; pass++) {
      for (int i = 0; i < n; i++) {
        if (ordered && group(i) != pass) {
          continue;
        }
        queueRead(i, now);
      }
    }
    Arrays.fill(readBack, null);
    Arrays.fill(overBudgetBack, false);
    LineReader.Counts counts = reader.read(bgr, toRead, readBack, deadlineNanos,
        ocrAllowance > 0 ? Math.max(ocrAllowance, lowestRowReads) : 0, overBudgetBack);
    for (int j = 0; j < toRead.size(); j++) {
      OcrLine l = readBack[j];
      read[toReadIndex[j]] = l;
      overBudget[toReadIndex[j]] = overBudgetBack[j];
      if (l == null || spots == null) {
        continue;
      }
      if (l.words() == 0) {
        spots.readAsNothing(toRead.x(j), toRead.y(j), toRead.width(j), toRead.height(j), now);
      } else if (l.confidence() >= minConfidence) {
        // Read with too little confidence, a line is hidden as unreadable all the same: the
        // spot stays (clock hands often read as a stray "ZZ" at confidence 0).
        spots.readAsText(toRead.x(j), toRead.y(j), toRead.width(j), toRead.height(j));
      }
    }
    return counts;
  }

  /**
   * A value wrapped across two lines of which only one was read (the other past the allowance)
   * would leave the read half legible with no detector firing on it: in a read line right above
   * or below an over-budget line of the same column, every token with an {@code @} or four
   * digits in a row is hidden too. Hiding more is allowed; a label over budget whose field was
   * read is not covered (labels rarely change, so they are mostly cache hits).
   */
  private void addBesideOverBudget(List<Redaction.Box> out) {
    for (int i = 0; i < lines.size(); i++) {
      if (!overBudget[i]) {
        continue;
      }
      for (int j = 0; j < lines.size(); j++) {
        if (read[j] == null || !verticalNeighbours(i, j)) {
          continue;
        }
        Matcher m = VALUE_PIECE.matcher(read[j].text());
        while (m.find()) {
          addLineBox(j, m.start(), m.end(), BESIDE_OVER_BUDGET, null, out);
        }
      }
    }
  }

  /** Whether lines {@code a} and {@code b} overlap in x, one a line at most above the other. */
  private boolean verticalNeighbours(int a, int b) {
    if (a == b || lines.x(a) >= lines.x(b) + lines.width(b)
        || lines.x(b) >= lines.x(a) + lines.width(a)) {
      return false;
    }
    int gap = lines.y(b) >= lines.y(a) ? lines.y(b) - (lines.y(a) + lines.height(a))
        : lines.y(a) - (lines.y(b) + lines.height(b));
    return gap >= -2 && gap <= Math.max(lines.height(a), lines.height(b));
  }

  /**
   * Adds line {@code i} to {@link #toRead}, or marks it skipped where a spot says so. A sliver of
   * a cut line is neither: it is hidden whatever it reads as, and read it would read as nothing,
   * which would leave a spot that skips the next text drawn there (a card drawn over it).
   */
  private void queueRead(int i, long now) {
    if (contains(cutSlivers, cutSlivers.size(), lines, i)) {
      return;
    }
    if (spots != null
        && spots.skip(lines.x(i), lines.y(i), lines.width(i), lines.height(i), now)) {
      skipped[i] = true;
    } else {
      toReadIndex[toRead.size()] = i;
      toRead.add(lines.x(i), lines.y(i), lines.width(i), lines.height(i));
    }
  }

  /**
   * Queues the lines of {@link #lowest} a row at a time, the row reaching lowest first, each row
   * in reading order: with several changed areas (a terminal's new lines come as several
   * refined regions) the first reads go to the screen's lowest changed row, not to the lowest
   * line of the topmost area. Sets {@link #lowestRowReads} to that row's queued lines.
   */
  private void queueLowestRows(long now) {
    int n = lines.size();
    if (queuedLowest.length < n) {
      queuedLowest = new boolean[n * 2];
    }
    Arrays.fill(queuedLowest, false);
    while (true) {
      int bottom = -1;
      int row = -1;
      for (int i = 0; i < n; i++) {
        if (lowest[i] && !queuedLowest[i] && lines.y(i) + lines.height(i) > bottom) {
          bottom = lines.y(i) + lines.height(i);
          row = i;
        }
      }
      if (row < 0) {
        return;
      }
      for (int i = 0; i < n; i++) {
        if (lowest[i] && !queuedLowest[i] && onOneRow(i, row)) {
          queuedLowest[i] = true;
          queueRead(i, now);
        }
      }
      if (lowestRowReads == 0) {
        lowestRowReads = toRead.size();
      }
    }
  }

  /** The reading group of line {@code i}: 0 lowest in a changed area, 1 changed, 2 the rest. */
  private int group(int i) {
    return lowest[i] ? 0 : meetsReadFirst(i) ? 1 : 2;
  }

  /**
   * Marks in {@link #lowest} the line reaching lowest into each {@link #readFirst} area, and the
   * lines beside it on its row: a terminal's block cursor after a prompt is found as a line of
   * its own and reaches a few pixels lower than the prompt's glyphs.
   */
  private void markLowestLines() {
    if (lowest.length < lines.size()) {
      lowest = new boolean[lines.size() * 2];
    }
    Arrays.fill(lowest, false);
    for (int a = 0; a < readFirst.size(); a++) {
      int best = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (meets(i, a) && (best < 0
            || lines.y(i) + lines.height(i) > lines.y(best) + lines.height(best))) {
          best = i;
        }
      }
      if (best >= 0) {
        for (int i = 0; i < lines.size(); i++) {
          if (onOneRow(i, best)) {
            lowest[i] = true;
          }
        }
      }
    }
  }

  /** Whether lines {@code a} and {@code b} lie on one row, as reading order takes it. */
  private boolean onOneRow(int a, int b) {
    return middlesWithin(a, b, Math.min(lines.height(a), lines.height(b)) / 2);
  }

  /** Whether line {@code i} meets one of the {@link #readFirst} areas. */
  private boolean meetsReadFirst(int i) {
    for (int a = 0; a < readFirst.size(); a++) {
      if (meets(i, a)) {
        return true;
      }
    }
    return false;
  }

  /** Whether line {@code i} meets {@link #readFirst} area {@code a}. */
  private boolean meets(int i, int a) {
    return lines.x(i) < readFirst.x(a) + readFirst.width(a)
        && readFirst.x(a) < lines.x(i) + lines.width(i)
        && lines.y(i) < readFirst.y(a) + readFirst.height(a)
        && readFirst.y(a) < lines.y(i) + lines.height(i);
  }

  /**
   * Removes boxes equal to an earlier one: the row scan and the column scan find a value that
   * sits alone on its line twice, and blurring it twice costs twice (blur is most of a cached
   * frame's cost after line finding) and lists it twice in the manifest.
   */
  private static void removeRepeats(List<Redaction.Box> boxes) {
    for (int i = boxes.size() - 1; i > 0; i--) {
      Redaction.Box b = boxes.get(i);
      for (int j = 0; j < i; j++) {
        if (boxes.get(j).equals(b)) {
          boxes.remove(i);
          break;
        }
      }
    }
  }

  /** A line that asks for a password and ends there, as a terminal shows it: sudo, ssh, su. */
  private static final Pattern PASSWORD_PROMPT = Pattern.compile(
      "(?i)(?:password|passwort|kennwort|passphrase|passcode|\\bpin)\\b[^:]{0,48}:\\s*$");

  private void findPasswordPrompts() {
    passwordPrompts.clear();
    for (int i = 0; i < lines.size(); i++) {
      if (read[i] != null && PASSWORD_PROMPT.matcher(read[i].text()).find()) {
        passwordPrompts.add(lines.x(i), lines.y(i), lines.width(i), lines.height(i));
      }
    }
    // A prompt the finder cut into pieces at its spaces ("[sudo]", "password for", "root:") is
    // one row: asked of the joined row, with and without its last piece (a terminal's block
    // cursor after the prompt is a piece of its own, and may read as a stray letter).
    for (int r = 0; r < rowFirst.size(); r++) {
      int first = rowFirst.get(r);
      int end = rowEnd(r);
      if (end - first < 2) {
        continue;
      }
      String row = rowTexts.get(r);
      if (PASSWORD_PROMPT.matcher(row).find()
          || PASSWORD_PROMPT.matcher(row.substring(0, fragmentStart[end - 1])).find()) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (int i = first; i < end; i++) {
          x0 = Math.min(x0, lines.x(i));
          y0 = Math.min(y0, lines.y(i));
          x1 = Math.max(x1, lines.x(i) + lines.width(i));
          y1 = Math.max(y1, lines.y(i) + lines.height(i));
        }
        passwordPrompts.add(x0, y0, x1 - x0, y1 - y0);
      }
    }
  }

  /**
   * Lines of the last {@link #redact} call that ask for a password ({@code [sudo] password for
   * root:}), in frame pixels: what is typed next is a password. Valid until the next call.
   */
  public RectList passwordPrompts() {
    return passwordPrompts;
  }

  private Redaction.Box lineBox(String why, int i) {
    return new Redaction.Box(why, null, lines.x(i), lines.y(i), lines.width(i),
        lines.height(i));
  }

  /**
   * Joins the fragments of each row (the finder cuts a row at wide gaps, and OCR reads each
   * piece on its own) into one text per row, so that detectors see "Card number 4111 1111 1111
   * 1111" even when the number came out as separate pieces. Rows are then put in reading order
   * column by column: each row is followed by the nearest row that lies under it, overlapping it
   * in x, at most two line heights below (see {@link #chainRows}), and chains of such rows are
   * kept apart by an empty text. So a value wrapped in one pane of a split terminal, or in one
   * column of a page, meets its continuation, and no detector joins text beside it or far below.
   */
  private void joinRows() {
    rowTexts.clear();
    rowFirst.clear();
    rowLast.clear();
    fragmentStart = fragmentStart.length < lines.size() ? new int[lines.size() * 2]
        : fragmentStart;
    List<String> texts = new ArrayList<>();
    RectList boxes = rowBoxes;
    boxes.clear();
    List<Integer> firsts = new ArrayList<>();
    StringBuilder row = new StringBuilder();
    int x0 = 0;
    int y0 = 0;
    int x1 = 0;
    int y1 = 0;
    for (int i = 0; i <= lines.size(); i++) {
      boolean sameRow = i > 0 && i < lines.size() && sameRow(i - 1, i);
      if (!sameRow) {
        if (i > 0) {
          texts.add(row.toString());
          boxes.add(x0, y0, x1 - x0, y1 - y0);
        }
        if (i == lines.size()) {
          break;
        }
        row.setLength(0);
        firsts.add(i);
        x0 = Integer.MAX_VALUE;
        y0 = Integer.MAX_VALUE;
        x1 = Integer.MIN_VALUE;
        y1 = Integer.MIN_VALUE;
      } else if (lines.x(i) - (lines.x(i - 1) + lines.width(i - 1)) > 1) {
        row.append(' ');
      } // else the finder cut one word where it touches (see SplitWordTest): no space inside it
      fragmentStart[i] = row.length();
      row.append(read[i] == null ? "" : read[i].text());
      x0 = Math.min(x0, lines.x(i));
      y0 = Math.min(y0, lines.y(i));
      x1 = Math.max(x1, lines.x(i) + lines.width(i));
      y1 = Math.max(y1, lines.y(i) + lines.height(i));
    }
    int n = texts.size();
    int[] next = chainRows(boxes);
    boolean[] claimed = new boolean[n];
    for (int r = 0; r < n; r++) {
      if (next[r] >= 0) {
        claimed[next[r]] = true;
      }
    }
    for (int head = 0; head < n; head++) {
      if (claimed[head]) {
        continue;
      }
      if (!rowTexts.isEmpty()) {
        rowTexts.add("");
        rowFirst.add(0);
        rowLast.add(0);
      }
      for (int r = head; r >= 0; r = next[r]) {
        rowTexts.add(texts.get(r));
        rowFirst.add(firsts.get(r));
        rowLast.add(r + 1 < n ? firsts.get(r + 1) : lines.size());
      }
    }
  }

  /**
   * For each row (boxes in top-down order), the row that continues it, or -1. A row continues
   * the nearest row above it that it overlaps in x, if it starts below that row's middle and at
   * most two line heights under it; of several rows continuing one, the nearest (then the
   * leftmost) does. Asked from below: a row right above is the one a wrapped value came from,
   * even when a row further up, to the side (a split terminal's other pane), also overlaps.
   */
  private static int[] chainRows(RectList boxes) {
    int n = boxes.size();
    int[] next = new int[n];
    java.util.Arrays.fill(next, -1);
    for (int s = 0; s < n; s++) {
      int best = -1;
      for (int r = s - 1; r >= 0; r--) {
        int bottom = boxes.y(r) + boxes.height(r);
        int h = Math.max(boxes.height(r), boxes.height(s));
        if (boxes.y(s) - bottom > 8 * h) {
          break; // rows come top-down: none further up is near enough
        }
        if (boxes.y(s) - bottom > 2 * h || boxes.y(s) <= boxes.y(r) + boxes.height(r) / 2
            || boxes.x(s) >= boxes.x(r) + boxes.width(r)
            || boxes.x(r) >= boxes.x(s) + boxes.width(s)) {
          continue;
        }
        if (best < 0 || bottom > boxes.y(best) + boxes.height(best)) {
          best = r;
        }
      }
      // Rows come top-down, then left to right: the first to claim a row is the nearest.
      if (best >= 0 && next[best] < 0) {
        next[best] = s;
      }
    }
    return next;
  }

  /**
   * Whether line {@code b} can continue the text of line {@code a}: it starts below {@code a}'s
   * top, at most two line heights under it, and overlaps it in x. Side by side, or further
   * apart, they are other text.
   */
  private boolean follows(int a, int b) {
    int h = Math.max(lines.height(a), lines.height(b));
    return lines.y(b) > lines.y(a) && lines.y(b) - (lines.y(a) + lines.height(a)) <= 2 * h
        && lines.x(b) < lines.x(a) + lines.width(a) && lines.x(a) < lines.x(b) + lines.width(b);
  }

  /** The index after row {@code r}'s last line (rows as {@link #joinRows} ordered them). */
  private int rowEnd(int r) {
    return rowLast.get(r);
  }

  /** Fragments of one row: middles aligned and at most three line heights apart. */
  private boolean sameRow(int a, int b) {
    int h = Math.max(lines.height(a), lines.height(b));
    int gap = lines.x(b) - (lines.x(a) + lines.width(a));
    return middlesWithin(a, b, Math.min(lines.height(a), lines.height(b)) / 2)
        && gap >= -2 && gap <= 3 * h;
  }

  /** Whether the vertical middles of lines {@code a} and {@code b} are within {@code tol}. */
  private boolean middlesWithin(int a, int b, int tol) {
    int ma = lines.y(a) + lines.height(a) / 2;
    int mb = lines.y(b) + lines.height(b) / 2;
    return Math.abs(ma - mb) <= tol;
  }

  /** Boxes of the words a finding covers, one per fragment it touches, padded. */
  private void addFindingBoxes(Finding f, List<Redaction.Box> out) {
    int first = rowFirst.get(f.line());
    int last = rowEnd(f.line());
    for (int i = first; i < last; i++) {
      int from = fragmentStart[i];
      int to = from + (read[i] == null ? 0 : read[i].text().length());
      if (f.end() > from && f.start() < to) {
        addLineBox(i, f.start() - from, f.end() - from, f.detectorId(), f.category(), out);
      }
    }
  }

  /** A box over the words of line {@code i} between characters {@code start} and {@code end}. */
  private void addLineBox(int i, int start, int end, String detector, Category category,
      List<Redaction.Box> out) {
    OcrLine l = read[i];
    int x0 = Integer.MAX_VALUE;
    int x1 = Integer.MIN_VALUE;
    for (int w = 0; l != null && w < l.words(); w++) {
      if (l.wordEnd(w) > start && l.wordStart(w) < end) {
        x0 = Math.min(x0, valueLeft(l, w, start));
        x1 = Math.max(x1, l.wordX(w) + l.wordWidth(w));
      }
    }
    if (x0 == Integer.MAX_VALUE) {
      x0 = lines.x(i);
      x1 = x0 + lines.width(i);
    }
    // The line's full height: OCR word boxes hug the glyphs and miss descenders.
    out.add(new Redaction.Box(detector, category, x0 - PAD, lines.y(i) - PAD,
        x1 - x0 + 2 * PAD, lines.height(i) + 2 * PAD));
  }

  /**
   * Where a value starting at character {@code start} begins in word {@code w}: the word's left
   * edge, except in a {@code KEY=value} (or {@code key:value}, or the {@code >} OCR may read for
   * an {@code =}) word, where the key before the {@code =} stays legible (SLACK_BOT_TOKEN,
   * SUPPORT_INBOX: what a screen is about). OCR gives boxes per word only, so the cut is placed
   * by the characters' share of the word's width, with the margins of {@link #KEY_MARGIN}, on
   * the key's side: no glyph of the value may stay.
   */
  private static int valueLeft(OcrLine l, int w, int start) {
    int from = l.wordStart(w);
    if (start <= from || "=:>".indexOf(l.text().charAt(start - 1)) < 0) {
      return l.wordX(w);
    }
    int keep = start - 1 - from - KEY_MARGIN;
    return keep <= 0 ? l.wordX(w)
        : l.wordX(w) + 3 * keep * l.wordWidth(w) / (4 * (l.wordEnd(w) - from));
  }

  /**
   * Characters of a key hidden with its value, for the width estimate (see valueLeft), which is
   * also taken at three quarters: a long key of narrow letters before a short value of wide ones
   * ({@code illiillil=WWMW}) puts the {@code =} at 44 % of the word where the share says 50 %.
   */
  private static final int KEY_MARGIN = 2;

  /** Line indexes ordered by column (left edge in 24 px buckets), then top to bottom. */
  private int[] columnOrder() {
    Integer[] idx = new Integer[lines.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> {
      int c = Integer.compare(lines.x(a) / 24, lines.x(b) / 24);
      return c != 0 ? c : Integer.compare(lines.y(a), lines.y(b));
    });
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /**
   * Form fields: a short line that is a sensitive label (Password, CVC, Expiry, IBAN, Card
   * number...) hides the field it labels, whatever its content: the nearest line to its right on
   * the same row when it starts within three line heights, else the nearest line below it,
   * left-aligned with it, else the nearest line to its right.
   */
  private void addLabelledFields(List<Redaction.Box> out) {
    for (int i = 0; i < lines.size(); i++) {
      OcrLine l = read[i];
      if (l == null) {
        continue;
      }
      Matcher m = FIELD_LABEL.matcher(l.text());
      if (!m.matches()) {
        continue;
      }
      Category category = labelCategory(m.group(1).toLowerCase(java.util.Locale.ROOT));
      int h = lines.height(i);
      int bottom = lines.y(i) + h;
      int right = lines.x(i) + lines.width(i);
      int below = -1;
      int belowDy = Integer.MAX_VALUE;
      int beside = -1;
      int besideGap = Integer.MAX_VALUE;
      for (int j = 0; j < lines.size(); j++) {
        if (j == i) {
          continue;
        }
        int dy = lines.y(j) - bottom;
        int gap = lines.x(j) - right;
        if (dy >= -2 && dy <= 3 * h && Math.abs(lines.x(j) - lines.x(i)) <= 40) {
          if (dy < belowDy) {
            belowDy = dy;
            below = j;
          }
        } else if (middlesWithin(i, j, Math.max(h, lines.height(j)) / 2)
            && lines.x(j) > lines.x(i) && gap <= 600 && gap < besideGap) {
          besideGap = gap;
          beside = j;
        }
      }
      // A field right beside its label is the one it labels (labels left of their boxes, a
      // terminal's "password: value"); the line below is then the next label, not a field.
      int best = beside >= 0 && (below < 0 || besideGap <= 3 * h) ? beside : below;
      if (best >= 0) {
        out.add(new Redaction.Box("labelled-field", category, lines.x(best) - PAD,
            lines.y(best) - PAD, lines.width(best) + 2 * PAD, lines.height(best) + 2 * PAD));
      }
    }
  }

  private static Category labelCategory(String label) {
    if (label.startsWith("pass") || label.equals("pin")) {
      return Category.PASSWORD;
    }
    if (label.startsWith("iban") || label.contains("account") || label.contains("routing")
        || label.contains("sort code")) {
      return Category.BANK_ACCOUNT;
    }
    if (label.contains("ssn") || label.contains("social") || label.contains("national")
        || label.contains("tax")) {
      return Category.NATIONAL_ID;
    }
    if (label.contains("key") || label.contains("secret") || label.contains("token")
        || label.contains("seed") || label.contains("recovery") || label.contains("backup")) {
      return Category.SECRET;
    }
    return Category.PAYMENT_CARD;
  }

  private static final Pattern FIELD_LABEL = Pattern.compile("(?i)\\W*(password|passwort|passcode"
      + "|pin|cvc2?|cvv2?|csc|security code|card number|card no\\.?|expiry(?: date)?"
      + "|expiration(?: date)?|exp\\.? date|valid thru|iban|account number|routing number"
      + "|sort code|ssn|social security(?: number)?|national insurance(?: number)?|tax id"
      + "|api key|secret(?: key)?|access key|token|private key"
      + "|(?:authenticator|totp|2fa|mfa|otp|two-factor|setup) (?:key|secret|seed)"
      + "|(?:recovery|backup) codes?)\\b[^A-Za-z0-9]{0,3}"
      + "(?:\\(?mm ?/ ?yy\\)?|\\((?:totp|2fa|mfa|otp)\\))?[^A-Za-z0-9]{0,3}");

  /**
   * Whether line {@code i} is cut by the edge of another region: the row just above its box and
   * the row just below, both outside it, differ in nearly every column. Around a whole line both
   * are the background it sits on; where a viewport's edge cuts a line, one of them is the
   * region beyond the edge (a toolbar, a border, its shadow) and the glyphs end there. Both rows
   * must lie in one of the {@code areas} examined: outside them the caller's frame may still
   * hold an earlier frame's pixels (a blurred box), which says nothing about this line.
   */
  private boolean cutByAnEdge(Mat bgr, RectList areas, int i) {
    int above = lines.y(i) - 1;
    int below = lines.y(i) + lines.height(i);
    int x = lines.x(i);
    int w = lines.width(i);
    if (above < 0 || below >= bgr.rows() || w < 2 || !withinOneArea(areas, x, w, above, below)) {
      return false;
    }
    int n = w * 3;
    if (rowAbove.length < n) {
      rowAbove = new byte[n * 2];
      rowBelow = new byte[n * 2];
    }
    try (BytePointer a = bgr.ptr(above, x); BytePointer b = bgr.ptr(below, x)) {
      a.get(rowAbove, 0, n);
      b.get(rowBelow, 0, n);
    }
    int differ = 0;
    for (int c = 0; c < n; c += 3) {
      int d = Math.max(Math.abs((rowAbove[c] & 0xff) - (rowBelow[c] & 0xff)),
          Math.max(Math.abs((rowAbove[c + 1] & 0xff) - (rowBelow[c + 1] & 0xff)),
              Math.abs((rowAbove[c + 2] & 0xff) - (rowBelow[c + 2] & 0xff))));
      if (d > EDGE_DIFFERENCE) {
        differ++;
      }
    }
    return differ >= w * EDGE_COLUMNS;
  }

  /** Whether columns {@code x .. x + w - 1} of rows {@code top .. bottom} lie in one area. */
  private static boolean withinOneArea(RectList areas, int x, int w, int top, int bottom) {
    for (int a = 0; a < areas.size(); a++) {
      if (areas.x(a) <= x && x + w <= areas.x(a) + areas.width(a) && areas.y(a) <= top
          && bottom < areas.y(a) + areas.height(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A channel difference above this between the rows around a line is another region, not the
   * same background: a page's white against a toolbar's border (226) or the shadow under it.
   */
  private static final int EDGE_DIFFERENCE = 16;

  /** The share of a line's columns in which the rows around it must differ: nearly all. */
  private static final double EDGE_COLUMNS = 0.9;

  /** Sets {@link #roi} to box {@code b} clipped to the frame; false when nothing is left. */
  private boolean clip(Mat bgr, Redaction.Box b) {
    int x = Math.max(0, b.x());
    int y = Math.max(0, b.y());
    int w = Math.min(bgr.cols(), b.x() + b.width()) - x;
    int h = Math.min(bgr.rows(), b.y() + b.height()) - y;
    if (w <= 0 || h <= 0) {
      return false;
    }
    roi.x(x).y(y).width(w).height(h);
    return true;
  }

  /** A view of {@code m}'s pixels. */
  private static ByteBuffer bytesOf(Mat m) {
    return m.data().capacity(m.step() * m.rows()).asByteBuffer();
  }

  /** Hides box {@code b} of {@code bgr} from its pixels in {@link #unhidden}. */
  private void hide(Mat bgr, Redaction.Box b) {
    if (!clip(bgr, b)) {
      return;
    }
    int w = roi.width();
    int h = roi.height();
    int pixel = (int) bgr.elemSize();
    if (hiddenBoxes.apply(unhiddenBytes, (int) unhidden.step(), frameBytes, (int) bgr.step(),
        pixel, roi.x(), roi.y(), w, h)) {
      return;
    }
    try (Mat area = bgr.apply(roi); Mat source = unhidden.apply(roi)) {
      if (mode == RedactionMode.BLUR) {
        // Two passes with sigma half the box height destroy a line of text; past a tall line's
        // height a wider kernel only costs time (GaussianBlur's cost grows with it).
        int k = (Math.min(Math.max(h, 8), MAX_BLUR_RADIUS) * 2) | 1;
        try (Size kernel = new Size(k, k)) {
          GaussianBlur(source, area, kernel, k / 2.0, k / 2.0, BLUR_BORDER, ALGO_HINT_DEFAULT);
          GaussianBlur(area, area, kernel, k / 2.0, k / 2.0, BLUR_BORDER, ALGO_HINT_DEFAULT);
        }
      } else {
        int block = Math.max(6, h / 2);
        try (Mat small = new Mat();
            Size down = new Size(Math.max(1, w / block), Math.max(1, h / block));
            Size up = new Size(w, h)) {
          resize(source, small, down, 0, 0, INTER_AREA);
          resize(small, area, up, 0, 0, INTER_NEAREST);
        }
      }
    }
    towardBackground((int) unhidden.step(), (int) bgr.step(), pixel, roi.x(), roi.y(), w, h);
    hiddenBoxes.remember(frameBytes, (int) bgr.step(), pixel, roi.x(), roi.y(), w, h);
  }

  /**
   * Takes the hidden box halfway to the colour around it (the mean of the source's edge pixels,
   * which the padding keeps clear of the hidden glyphs). A blurred line is a box of mid grey with
   * hard edges on a light page (dark on a dark one), and OCR's page layout (Tesseract's, as the
   * attacker of {@code tools/corpus} runs it) took such boxes for pictures and lost the text
   * around them: a narrow webmail kept 18 of 43 words legible, 41 with the boxes half as dark.
   */
  private void towardBackground(int sourceStep, int step, int pixel, int x, int y, int w, int h) {
    long[] sum = backgroundSum;
    java.util.Arrays.fill(sum, 0);
    for (int c = 0; c < w; c++) {
      addPixel(sourceStep, pixel, x + c, y, sum);
      addPixel(sourceStep, pixel, x + c, y + h - 1, sum);
    }
    for (int r = 1; r < h - 1; r++) {
      addPixel(sourceStep, pixel, x, y + r, sum);
      addPixel(sourceStep, pixel, x + w - 1, y + r, sum);
    }
    int n = 2 * w + 2 * Math.max(0, h - 2);
    for (int ch = 0; ch < pixel; ch++) {
      sum[ch] /= n;
    }
    for (int r = 0; r < h; r++) {
      int at = (y + r) * step + x * pixel;
      for (int i = 0; i < w * pixel; i++) {
        int v = frameBytes.get(at + i) & 0xff;
        frameBytes.put(at + i, (byte) ((v + (int) sum[i % pixel] + 1) >> 1));
      }
    }
  }

  private void addPixel(int step, int pixel, int x, int y, long[] sum) {
    int at = y * step + x * pixel;
    for (int ch = 0; ch < pixel; ch++) {
      sum[ch] += unhiddenBytes.get(at + ch) & 0xff;
    }
  }

  /** Per-channel sums of a box's edge pixels (see towardBackground). */
  private final long[] backgroundSum = new long[4];

  /**
   * Adds to {@link #lines} every line that meets the area, each whole: lines are looked for
   * {@link #LINE_REACH} pixels beyond the area's top and bottom, and those that do not reach into
   * the area, or were already found through an overlapping area, are left out.
   */
  private void findWholeLines(Mat bgr, int x, int y, int w, int h) {
    int y0 = Math.max(0, y - LINE_REACH);
    int y1 = Math.min(bgr.rows(), y + h + LINE_REACH);
    found.clear();
    finder.find(bgr, x, y0, w, y1 - y0, found);
    int earlier = lines.size();
    int usual = usualHeight();
    for (int j = 0; j < found.size(); j++) {
      int ly = found.y(j);
      int lh = found.height(j);
      if (ly + lh <= y || ly >= y + h || contains(lines, earlier, found, j)) {
        continue;
      }
      lines.add(found.x(j), ly, found.width(j), lh);
      // A line across the area's edge that came out shorter than the lines around it was cut
      // where the finder's window began (its grid's phase set by a partial line there): a 6x13
      // terminal line found 2 rows short read as `jane, doebUsUWexample.com`, no value found,
      // and a merged image stored its unchanged upper rows legible. Hidden whole as unreadable.
      if ((ly < y || ly + lh > y + h) && usual > 0 && lh + 2 <= usual) {
        shortAtEdge.add(found.x(j), ly, found.width(j), lh);
      }
      if (cutByRedraw(bgr, j)) {
        cutByRedraw.add(found.x(j), ly, found.width(j), lh);
      } else {
        addJoinedSliver(bgr, j);
      }
    }
    addCutSlivers(bgr, y, h);
  }

  /**
   * Adds to {@link #lines}, as cut by a redraw, the finder's slivers that reach into rows {@code
   * y} to {@code y + h} and sit on a run's grid as {@link #cutByRedraw} sees it: the top 3 or 4
   * rows of a 6x13 line cut below them are no line to the finder, yet they show digits.
   */
  private void addCutSlivers(Mat bgr, int y, int h) {
    RectList thin = finder.slivers();
    for (int s = 0; s < thin.size(); s++) {
      int sy = thin.y(s);
      int sh = thin.height(s);
      if (sy + sh <= y || sy >= y + h) {
        continue;
      }
      found.add(thin.x(s), sy, thin.width(s), sh);
      int j = found.size() - 1;
      if (!contains(lines, lines.size(), found, j) && cutByRedraw(bgr, j, true)) {
        lines.add(thin.x(s), sy, thin.width(s), sh);
        cutSlivers.add(thin.x(s), sy, thin.width(s), sh);
      }
      found.removeSwap(j);
    }
  }

  /**
   * Adds to {@link #joinedSlivers} the rows of {@link #found}'s line {@code j} that lie past its
   * cell of a regular run, when they hold a sliver of a line cut by a redraw: a cut leaving 3 to
   * 5 rows of a line that touches the line above (6x13's lines touch) joins that line in the
   * finder, and the box of both is read as one line, so only values found in that reading are
   * hidden while the sliver's digit tops stay (the top 4 rows showed {@code 6037} and the card's
   * digits at 300%). The mirror image, a line's lower rows above the next line, joins it too.
   *
   * <p>Such a line has its top (or bottom) on the grid of the two lines above it, is 3 rows or
   * more and less than half a pitch taller than they are, at least two cells wide (a block
   * cursor is one), and the rows past its cell hold glyph bodies: at least a quarter of the
   * line's inkiest row (a whole line's descenders below neighbours without them are a few
   * glyphs' ink). Only those rows are hidden; the line keeps its own reading.
   */
  private void addJoinedSliver(Mat bgr, int j) {
    int a1 = tallestInRow(nextLine(j, j, true), j);
    int a2 = a1 < 0 ? -1 : tallestInRow(nextLine(a1, j, true), j);
    if (a2 < 0) {
      return;
    }
    int pitch = found.y(a1) - found.y(a2);
    int usual = Math.max(found.height(a1), found.height(a2));
    int h = found.height(j);
    if (pitch < MIN_RUN_PITCH || pitch > MAX_RUN_PITCH || usual > pitch + 1
        || Math.abs(bottom(a1) - bottom(a2) - pitch) > 1 || h < usual + 3
        || h >= usual + pitch / 2 || found.width(j) < 2 * pitch) {
      // Narrower than two cells: a terminal's block cursor is a cell a row or two taller than
      // the lines, and no value fits in two cells.
      return;
    }
    int top = found.y(j);
    int bottom = top + h;
    int from;
    int to;
    if (onPitch(top - found.y(a1), pitch)) {
      from = top + usual;
      to = bottom;
    } else if (onPitch(bottom - bottom(a1), pitch)) {
      from = top;
      to = bottom - usual;
    } else {
      return;
    }
    int most = 0;
    int past = 0;
    for (int r = top; r < bottom; r++) {
      int ink = rowInk(bgr, r, found.x(j), found.width(j));
      most = Math.max(most, ink);
      if (r >= from && r < to) {
        past = Math.max(past, ink);
      }
    }
    if (most > 0 && 4 * past >= most) {
      joinedSlivers.add(found.x(j), from, found.width(j), to - from);
    }
  }

  /**
   * The tallest line of {@link #found} whose top is at most 2 rows from line {@code n}'s and whose
   * columns overlap line {@code ref}'s, or -1 for {@code n} -1: the finder may give a row as
   * overlapping pieces (an address found again alone, starting 2 rows lower), and a piece's top
   * is no row's top.
   */
  private int tallestInRow(int n, int ref) {
    if (n < 0) {
      return -1;
    }
    int x0 = found.x(ref);
    int x1 = x0 + found.width(ref);
    int best = n;
    for (int i = 0; i < found.size(); i++) {
      if (i != ref && found.x(i) < x1 && found.x(i) + found.width(i) > x0
          && Math.abs(found.y(i) - found.y(n)) <= 2 && found.height(i) > found.height(best)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Whether {@code gap} is a whole number of pitches, give or take 2 rows (pieces of one row
   * split at a gap may start a row or two apart: an {@code @} rises above the digits).
   */
  private static boolean onPitch(int gap, int pitch) {
    int off = Math.floorMod(gap, pitch);
    return gap > 0 && (off <= 2 || off >= pitch - 2);
  }

  /**
   * The height three quarters of the lines {@link #found} are not taller than (words without
   * ascenders or descenders, and lines cut by the window, make the median a row or two short),
   * or 0 with fewer than three lines.
   */
  private int usualHeight() {
    int n = found.size();
    if (n < 3) {
      return 0;
    }
    if (heights.length < n) {
      heights = new int[n * 2];
    }
    for (int j = 0; j < n; j++) {
      heights[j] = found.height(j);
    }
    Arrays.sort(heights, 0, n);
    return heights[n * 3 / 4];
  }

  /**
   * Whether line {@code j} of {@link #found} is the upper or lower part of a line, cut where a
   * program cleared its window before drawing it again: xterm scrolls by copying its window up
   * and clears the band whose source lay off the screen before it redraws the rows in it, and a
   * grab between the two shows the bottom line's upper rows above plain background (the leak
   * probe stored {@code jane.doe6074@example.com} legible from such a frame; OCR read it as other
   * text, with confidence). A clear can cut a line anywhere in an area, not only at its edge.
   *
   * <p>Such a line lies in a regular run of lines and is shorter than they are, with its top on
   * the run's grid (cut below: the two lines above it have their tops one and two pitches higher)
   * or its bottom on it (cut above, the mirror image), and the rows it lacks are glyph bodies in
   * its neighbours ({@link #bodyRow}). What is not cut stays off the grid or lacks only rows that
   * are not bodies: a line of x-height letters has its top rows below the grid's tops, a line
   * without descenders lacks only the rows under the baseline, small print and captions keep
   * another pitch, and a heading is taller.
   */
  private boolean cutByRedraw(Mat bgr, int j) {
    return cutByRedraw(bgr, j, false);
  }

  /**
   * {@link #cutByRedraw(Mat, int)}, or for a {@code sliver} (a row of glyphs too thin to be a
   * line, never read) looser: its top (bottom) may lie up to a third of the pitch off the grid,
   * as the top rows of digits and small letters alone do. Hiding one costs no legible word.
   */
  private boolean cutByRedraw(Mat bgr, int j, boolean sliver) {
    int h = found.height(j);
    int top = found.y(j);
    int a1 = tallestInRow(nextLine(j, j, true), j);
    int a2 = a1 < 0 ? -1 : tallestInRow(nextLine(a1, j, true), j);
    // Cut below: the first row it lacks, at its neighbours' height h. A sliver is never read, and
    // hiding it costs no word: its neighbours' row need not be a body row (the top rows of a
    // line of x-height letters above and below a line of digits are not).
    if (a2 >= 0 && onGrid(top - found.y(a1), found.y(a1) - found.y(a2), sliver, h, a1, a2, 0)
        && (sliver || bodyRow(bgr, a1, found.y(a1) + h) && bodyRow(bgr, a2, found.y(a2) + h))) {
      return true;
    }
    int bottom = top + h;
    int b1 = tallestInRow(nextLine(j, j, false), j);
    int b2 = b1 < 0 ? -1 : tallestInRow(nextLine(b1, j, false), j);
    // Cut above, two rows shorter still: a whole line of x-height letters with descenders lacks
    // the ascenders' rise (in 6x13 it is 9 rows of 13), where capitals and digits have ink too.
    return b2 >= 0
        && onGrid(bottom(b1) - bottom, bottom(b2) - bottom(b1), sliver, h, b1, b2, 2)
        && (sliver || bodyRow(bgr, b1, bottom(b1) - h - 1) && bodyRow(bgr, b2, bottom(b2) - h - 1));
  }

  /**
   * Whether a line of height {@code h} {@code gap} rows from {@link #found}'s line {@code n1},
   * which is {@code pitch} from {@code n2}, sits on their grid and is short: the gap is the pitch
   * (for a {@code sliver}, up to a third more), within a text line's range, both neighbours
   * regular lines of that pitch (not a block or a merged pair) taller than it, and it at least 2
   * and {@code more} rows shorter than the taller.
   */
  private boolean onGrid(int gap, int pitch, boolean sliver, int h, int n1, int n2, int more) {
    if (gap < pitch || gap > pitch + (sliver ? pitch / 3 : 0) || pitch < MIN_RUN_PITCH
        || pitch > MAX_RUN_PITCH) {
      return false;
    }
    int h1 = found.height(n1);
    int h2 = found.height(n2);
    int usual = Math.max(h1, h2);
    return Math.min(h1, h2) > h && usual <= pitch + 1 && h + 2 + more <= usual;
  }

  /**
   * Whether frame row {@code row} of {@link #found}'s line {@code n} holds glyph bodies: at least
   * a quarter of the ink of the line's inkiest row. Under the baseline only descenders have ink
   * (a line without descenders that ends there is whole; in DejaVu Sans Mono it is 4 rows
   * shorter than one with them, in 6x13 2); in a body row most glyphs do.
   */
  private boolean bodyRow(Mat bgr, int n, int row) {
    int most = 0;
    for (int r = found.y(n); r < bottom(n); r++) {
      most = Math.max(most, rowInk(bgr, r, found.x(n), found.width(n)));
    }
    return most > 0 && 4 * rowInk(bgr, row, found.x(n), found.width(n)) >= most;
  }

  /**
   * Pixels of row {@code row}, columns {@code x .. x + w - 1}, whose grey differs from the row's
   * median (its background: text covers less than half a row) by more than {@link #INK_CONTRAST}.
   */
  private int rowInk(Mat bgr, int row, int x, int w) {
    int n = w * 3;
    if (inkRow.length < n) {
      inkRow = new byte[n * 2];
    }
    if (inkPixels == null) {
      inkPixels = bytesOf(bgr);
    }
    inkPixels.get((int) (row * bgr.step()) + x * 3, inkRow, 0, n);
    Arrays.fill(greyCounts, 0);
    for (int c = 0; c < n; c += 3) {
      greyCounts[grey(c)]++;
    }
    int median = 0;
    for (int seen = greyCounts[0]; seen * 2 < w; seen += greyCounts[++median]) {
      // walks up to the median grey
    }
    int ink = 0;
    for (int c = 0; c < n; c += 3) {
      if (Math.abs(grey(c) - median) > INK_CONTRAST) {
        ink++;
      }
    }
    return ink;
  }

  private int grey(int c) {
    return ((inkRow[c] & 0xff) + 2 * (inkRow[c + 1] & 0xff) + (inkRow[c + 2] & 0xff)) >> 2;
  }

  /** A grey difference from the background above this is a glyph's pixel (anti-aliased edges). */
  private static final int INK_CONTRAST = 48;

  private int bottom(int n) {
    return found.y(n) + found.height(n);
  }

  /**
   * The nearest line of {@link #found} above (or below) line {@code n} whose columns overlap those
   * of line {@code ref}, or -1: a line touching {@code n} by up to 2 rows still counts.
   */
  private int nextLine(int n, int ref, boolean above) {
    int x0 = found.x(ref);
    int x1 = x0 + found.width(ref);
    int best = -1;
    for (int i = 0; i < found.size(); i++) {
      if (i == n || i == ref || found.x(i) >= x1 || found.x(i) + found.width(i) <= x0) {
        continue;
      }
      boolean side = above ? found.y(i) < found.y(n) && bottom(i) <= found.y(n) + 2
          : found.y(i) > found.y(n) && found.y(i) >= bottom(n) - 2;
      if (side && (best < 0 || (above ? found.y(i) > found.y(best) : found.y(i) < found.y(best)))) {
        best = i;
      }
    }
    return best;
  }

  /** Line pitches of a run, in pixels: terminal, code and page fonts from 8 to 40 px a row. */
  private static final int MIN_RUN_PITCH = 8;

  private static final int MAX_RUN_PITCH = 40;

  /** Whether one of the first {@code n} rectangles of {@code list} equals {@code other}'s j-th. */
  private static boolean contains(RectList list, int n, RectList other, int j) {
    for (int i = 0; i < n; i++) {
      if (list.x(i) == other.x(j) && list.y(i) == other.y(j)
          && list.width(i) == other.width(j) && list.height(i) == other.height(j)) {
        return true;
      }
    }
    return false;
  }

  /** Top to bottom, then left to right, with lines whose middles are close counted as one row. */
  private static void sortReadingOrder(RectList r) {
    int n = r.size();
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> {
      int ma = r.y(a) + r.height(a) / 2;
      int mb = r.y(b) + r.height(b) / 2;
      int tol = Math.min(r.height(a), r.height(b)) / 2;
      if (Math.abs(ma - mb) > tol) {
        return Integer.compare(ma, mb);
      }
      return Integer.compare(r.x(a), r.x(b));
    });
    int[][] copy = new int[n][];
    for (int i = 0; i < n; i++) {
      int k = idx[i];
      copy[i] = new int[] {r.x(k), r.y(k), r.width(k), r.height(k)};
    }
    for (int i = 0; i < n; i++) {
      r.set(i, copy[i][0], copy[i][1], copy[i][2], copy[i][3]);
    }
  }

  @Override
  public void close() {
    reader.close();
    finder.close();
    roi.close();
    unhidden.close();
  }
}
