package io.screentrail.bench.redact;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.Redaction;
import io.screentrail.redact.Redactor;
import io.screentrail.redact.TextLineFinder;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How stable the line finder's crops are on a working desktop, and what that does to OCR: the
 * OCR cache is keyed by a line's exact pixels, so a line that only moved must give the same crop
 * on the next screen or it is read again.
 *
 * <p>Given screens grabbed about a second apart (lossless PNG), it prints for each screen and
 * each part of the desktop:
 *
 * <ul>
 *   <li>{@code lines}: lines found on the whole screen;
 *   <li>{@code new crops}: lines whose exact crop was on none of the earlier screens (what the
 *       cache would miss);
 *   <li>{@code new rows}: the part's pixel rows that were on none of the earlier screens (blank
 *       rows left out), divided by a line's pitch this estimates the genuinely new lines;
 *   <li>line heights over all screens;
 * </ul>
 *
 * <p>and then redacts the screens in order the way the engine does (the first screen whole, then
 * full-width bands reaching 40 px around the changed rows) with real OCR on 2 threads, giving OCR
 * reads, cache hits, lines hidden without reading (unreadable-again; {@code
 * -Dscreentrail.ocr.unreadableSpots=false} turns that off), process CPU and the calling thread's
 * CPU (the engine's encoder thread: line finding, hashing, detectors, blur) per screen. The parts are those of {@code
 * benchmarks/run-line-crops.sh}'s desktop at 1920x1080: the terminal (left of x = 900), the clock
 * (right of it, above y = 260) and the page (the rest).
 *
 * <pre>
 * benchmarks/run-line-crops.sh          # grabs the screens, then runs this probe
 * java -cp benchmarks/target/benchmarks.jar io.screentrail.bench.redact.LineCropProbe S1.png S2.png...
 * </pre>
 */
public final class LineCropProbe {

  private static final String[] PARTS = {"terminal", "clock", "page"};
  private static final int MARGIN = 40;
  private static final int THREADS = 2;

  private static final java.lang.management.ThreadMXBean THREAD =
      ManagementFactory.getThreadMXBean();

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private LineCropProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: LineCropProbe SCREEN1.png SCREEN2.png [SCREEN.png...]"
          + " (screens about a second apart)");
      System.exit(2);
    }
    Mat[] screens = new Mat[args.length];
    for (int i = 0; i < args.length; i++) {
      screens[i] = opencv_imgcodecs.imread(Path.of(args[i]).toString());
      if (screens[i] == null || screens[i].empty()) {
        System.err.println("cannot read " + args[i]);
        System.exit(2);
      }
    }
    crops(screens);
    System.out.println();
    reads(screens);
  }

  /** Part 1: crop stability of the line finder over whole screens. */
  private static void crops(Mat[] screens) {
    System.out.println("crops: lines found on the whole screen; new = on no earlier screen");
    System.out.printf("%-8s", "screen");
    for (String p : PARTS) {
      System.out.printf(" %10s %9s %9s", p + " lines", "new crops", "new rows");
    }
    System.out.println();
    Set<ByteBuffer> seenCrops = new HashSet<>();
    @SuppressWarnings("unchecked")
    Set<ByteBuffer>[] seenRows = new Set[PARTS.length];
    @SuppressWarnings("unchecked")
    Map<Integer, Integer>[] heights = new Map[PARTS.length];
    for (int p = 0; p < PARTS.length; p++) {
      seenRows[p] = new HashSet<>();
      heights[p] = new TreeMap<>();
    }
    int[][] totals = new int[PARTS.length][3];
    RectList lines = new RectList(512);
    try (TextLineFinder finder = new TextLineFinder()) {
      for (int s = 0; s < screens.length; s++) {
        Mat m = screens[s];
        lines.clear();
        finder.find(m, 0, 0, m.cols(), m.rows(), lines);
        int[][] counts = new int[PARTS.length][3];
        Set<ByteBuffer> crops = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
          int p = part(lines.x(i) + lines.width(i) / 2, lines.y(i) + lines.height(i) / 2);
          counts[p][0]++;
          heights[p].merge(lines.height(i), 1, Integer::sum);
          ByteBuffer crop = crop(m, lines.x(i), lines.y(i), lines.width(i), lines.height(i));
          if (!seenCrops.contains(crop)) {
            counts[p][1]++;
          }
          crops.add(crop);
        }
        seenCrops.addAll(crops);
        for (int p = 0; p < PARTS.length; p++) {
          counts[p][2] = newRows(m, p, seenRows[p]);
        }
        System.out.printf("%-8d", s + 1);
        for (int p = 0; p < PARTS.length; p++) {
          System.out.printf(" %10d %9d %9d", counts[p][0], counts[p][1], counts[p][2]);
          if (s > 0) {
            for (int k = 0; k < 3; k++) {
              totals[p][k] += counts[p][k];
            }
          }
        }
        System.out.println();
      }
    }
    System.out.printf("%-8s", "2.." + screens.length);
    for (int p = 0; p < PARTS.length; p++) {
      System.out.printf(" %10d %9d %9d", totals[p][0], totals[p][1], totals[p][2]);
    }
    System.out.println();
    for (int p = 0; p < PARTS.length; p++) {
      System.out.printf("%s line heights (height=count): %s%n", PARTS[p], heights[p]);
    }
  }

  /** Part 2: the engine's redaction of the screens in order, with real OCR and its cache. */
  private static void reads(Mat[] screens) throws Exception {
    System.out.println("reads: redacted in order (first whole, then bands around changed rows),"
        + " " + THREADS + " OCR threads");
    System.out.printf("%-8s %8s %10s %10s %10s %12s %8s %8s%n", "screen", "lines", "OCR reads",
        "cache hits", "CPU ms", "caller CPU", "hidden", "unread again");
    int lines = 0;
    int ocr = 0;
    int hits = 0;
    int again = 0;
    long cpu = 0;
    long callerCpu = 0;
    // OCR's work after the first screen: calls, characters, widths in heights, word counters.
    double[] work = new double[8];
    try (Redactor redactor = new Redactor(RedactionMode.BLUR, 35, THREADS, 10_000)) {
      redactor.warmUp(THREADS);
      for (int s = 0; s < screens.length; s++) {
        RectList areas = s == 0 ? whole(screens[s]) : changedBands(screens[s - 1], screens[s]);
        try (Mat copy = screens[s].clone()) {
          long c0 = OS.getProcessCpuTime();
          long t0 = THREAD.getCurrentThreadCpuTime();
          Redaction r = redactor.redact(copy, areas, Long.MAX_VALUE, true);
          long t = THREAD.getCurrentThreadCpuTime() - t0;
          long c = OS.getProcessCpuTime() - c0;
          System.out.printf("%-8d %8d %10d %10d %10d %12.1f %8d %8d%n", s + 1, r.lines(),
              r.ocrLines(), r.cacheHits(), c / 1_000_000, t / 1e6, r.boxes().size(),
              r.unreadableAgain());
          if (s > 0) {
            lines += r.lines();
            ocr += r.ocrLines();
            hits += r.cacheHits();
            again += r.unreadableAgain();
            cpu += c;
            callerCpu += t;
            Redaction.OcrWork w = r.work();
            double[] v = {w.calls(), w.chars(), w.heightsRead(), w.wordLines(), w.wordHits(),
                w.wordMisses(), w.syntheticReads(), w.wordFallbacks()};
            for (int k = 0; k < v.length; k++) {
              work[k] += v[k];
            }
          }
        }
      }
      // -Drounds=N then repeats screens 2.. N-1 more times, the cache warm, for a profiler.
      int rounds = Integer.getInteger("rounds", 1);
      for (int round = 1; round < rounds; round++) {
        for (int s = 1; s < screens.length; s++) {
          try (Mat copy = screens[s].clone()) {
            redactor.redact(copy, changedBands(screens[s - 1], screens[s]), Long.MAX_VALUE, true);
          }
        }
      }
    }
    int n = screens.length - 1;
    System.out.printf("per screen after the first: %.1f lines, %.1f OCR reads, %.1f cache hits,"
        + " %.1f hidden unread again, %.0f CPU ms, of which %.1f ms on the calling (encoder)"
        + " thread%n", (double) lines / n, (double) ocr / n, (double) hits / n,
        (double) again / n, cpu / 1e6 / n, callerCpu / 1e6 / n);
    System.out.printf("OCR work per screen after the first: %.1f calls, %.0f characters, %.1f"
        + " image heights read; %.1f lines from words, %.1f word hits, %.1f word misses, %.1f"
        + " synthetic reads, %.1f fallbacks%n", work[0] / n, work[1] / n, work[2] / n,
        work[3] / n, work[4] / n, work[5] / n, work[6] / n, work[7] / n);
  }

  private static int part(int cx, int cy) {
    return cx < 900 ? 0 : cy < 260 ? 1 : 2;
  }

  /** The part's pixel rows not seen on earlier screens (added to {@code seen}); blank rows left out. */
  private static int newRows(Mat m, int p, Set<ByteBuffer> seen) {
    int x0 = p == 0 ? 0 : 900;
    int x1 = p == 0 ? 900 : m.cols();
    int y0 = p == 2 ? 260 : 0;
    int y1 = p == 1 ? 260 : m.rows();
    int n = 0;
    for (int y = y0; y < y1; y++) {
      ByteBuffer row = crop(m, x0, y, x1 - x0, 1);
      if (blank(row)) {
        continue;
      }
      if (seen.add(row)) {
        n++;
      }
    }
    return n;
  }

  private static boolean blank(ByteBuffer row) {
    for (int i = 11; i < row.limit(); i++) {
      if (row.get(i) != row.get(8 + (i - 8) % 3)) {
        return false;
      }
    }
    return true;
  }

  /** The rectangle's pixels with its size in front, as a key that compares by content. */
  private static ByteBuffer crop(Mat m, int x, int y, int w, int h) {
    ByteBuffer b = ByteBuffer.allocate(8 + w * h * 3);
    b.putInt(w).putInt(h);
    byte[] row = new byte[w * 3];
    for (int r = y; r < y + h; r++) {
      m.ptr(r, x).get(row);
      b.put(row);
    }
    return b.flip();
  }

  private static RectList whole(Mat m) {
    RectList r = new RectList(1);
    r.add(0, 0, m.cols(), m.rows());
    return r;
  }

  /** Full-width bands reaching {@link #MARGIN} around runs of changed rows, as the engine redacts. */
  private static RectList changedBands(Mat a, Mat b) {
    RectList out = new RectList(16);
    int rows = a.rows();
    int w = a.cols() * 3;
    byte[] ra = new byte[w];
    byte[] rb = new byte[w];
    int start = -1;
    int last = -1;
    for (int y = 0; y < rows; y++) {
      a.ptr(y).get(ra);
      b.ptr(y).get(rb);
      if (!java.util.Arrays.equals(ra, rb)) {
        if (start < 0 || y - last > 2 * MARGIN) {
          if (start >= 0) {
            addBand(out, start, last, rows, a.cols());
          }
          start = y;
        }
        last = y;
      }
    }
    if (start >= 0) {
      addBand(out, start, last, rows, a.cols());
    }
    return out;
  }

  private static void addBand(RectList out, int first, int last, int rows, int cols) {
    int y0 = Math.max(0, first - MARGIN);
    int y1 = Math.min(rows, last + 1 + MARGIN);
    out.add(0, y0, cols, y1 - y0);
  }
}
