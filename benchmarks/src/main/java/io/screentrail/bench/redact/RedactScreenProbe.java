package io.screentrail.bench.redact;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.Redaction;
import io.screentrail.redact.Redactor;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * What redaction costs the process in CPU for the changes a recording meets on a full screen of
 * text: the first full screen (OCR engines already started, cache empty), the same screen again
 * (every line a cache hit), one more typed character, and a terminal that scrolled by one line;
 * then, for each further screen given (a web page), its first full screen and the same again.
 * Changed frames are redacted the way the engine does it: full-width bands reaching 40 px above
 * and below the changed rectangle. The whole process's CPU time is measured (OCR workers, GC
 * and JIT included), so the figures are what a workstation pays.
 *
 * <p>{@code benchmarks/run-redact.sh} renders the screens under Xvfb and runs this probe:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.screentrail.bench.redact.RedactScreenProbe \
 *     BASE.png TYPED.png SCROLLED.png [REPS [SCREEN.png...]]
 * </pre>
 */
public final class RedactScreenProbe {

  private static final int MARGIN = 40;
  private static final int THREADS = 2;

  /**
   * A cached screen is redacted this many times in a row and the mean taken: the process CPU
   * clock ticks in 10 ms steps, coarser than one cached redaction.
   */
  private static final int CACHED_RUNS = 10;

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private RedactScreenProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: RedactScreenProbe BASE.png TYPED.png SCROLLED.png [REPS [SCREEN.png...]]");
      System.exit(2);
    }
    Mat base = read(args[0]);
    Mat typed = read(args[1]);
    Mat scrolled = read(args[2]);
    int reps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    RectList whole = new RectList(1);
    whole.add(0, 0, base.cols(), base.rows());
    RectList typedBand = band(base, typed);
    RectList scrolledBand = band(base, scrolled);
    System.out.printf("screen %dx%d, %d OCR threads, %d repetitions%n",
        base.cols(), base.rows(), THREADS, reps);
    System.out.printf("typing change band %s, scrolling change band %s%n",
        describe(typedBand), describe(scrolledBand));

    long[][] cpu = new long[4][reps];
    long[][] wall = new long[4][reps];
    int[][] lines = new int[4][reps];
    int[][] ocr = new int[4][reps];
    String[] names = {"first full screen", "same screen again (cache hits)*",
        "one typed character", "terminal scrolled one line"};
    // A throw-away round first: class loading and the JIT would otherwise bill the first
    // repetition.
    for (int r = -1; r < reps; r++) {
      try (Redactor redactor = new Redactor(RedactionMode.BLUR, 35, THREADS, 10_000)) {
        redactor.warmUp(THREADS);
        Sample s = new Sample();
        s.run(redactor, base, whole);
        record(r, 0, s, cpu, wall, lines, ocr);
        System.out.printf("first full screen, rep %d: %s%n", r, s.work);
        if (r < 0) {
          System.out.printf("hidden on the first screen: %d boxes, %.1f %% of its pixels%n",
              s.boxes, 100.0 * s.boxArea / ((long) base.cols() * base.rows()));
        }
        s.runRepeated(redactor, base, whole, CACHED_RUNS);
        record(r, 1, s, cpu, wall, lines, ocr);
        s.run(redactor, typed, typedBand);
        record(r, 2, s, cpu, wall, lines, ocr);
        System.out.printf("typed, rep %d: %s%n", r, s.work);
        s.run(redactor, scrolled, scrolledBand);
        record(r, 3, s, cpu, wall, lines, ocr);
        System.out.printf("scrolled, rep %d: %s%n", r, s.work);
      }
    }
    System.out.println();
    System.out.printf("%-32s %12s %12s %8s %10s%n",
        "change", "CPU ms (med)", "wall ms (med)", "lines", "OCR reads");
    for (int i = 0; i < names.length; i++) {
      System.out.printf("%-32s %12.1f %12.1f %8d %10d   CPU ms per rep %s%n", names[i],
          median(cpu[i]) / 1e6, median(wall[i]) / 1e6, lines[i][0], ocr[i][0],
          Arrays.toString(Arrays.stream(cpu[i]).map(n -> n / 1_000_000).toArray()));
    }
    for (int k = 4; k < args.length; k++) {
      wholeScreen(args[k], reps);
    }
    System.out.printf("%n* the mean of %d redactions in a row: the process CPU clock ticks in 10 ms"
        + " steps%n", CACHED_RUNS);
  }

  /**
   * Another whole screen (a web page, a form): its first redaction with an empty cache, and
   * the same screen again.
   */
  private static void wholeScreen(String file, int reps) throws Exception {
    Mat screen = read(file);
    RectList whole = new RectList(1);
    whole.add(0, 0, screen.cols(), screen.rows());
    long[][] cpu = new long[2][reps];
    Sample s = new Sample();
    int lines = 0;
    for (int r = -1; r < reps; r++) {
      try (Redactor redactor = new Redactor(RedactionMode.BLUR, 35, THREADS, 10_000)) {
        redactor.warmUp(THREADS);
        s.run(redactor, screen, whole);
        lines = s.lines;
        System.out.printf("%s first screen, rep %d: %s%n", Path.of(file).getFileName(), r, s.work);
        if (r >= 0) {
          cpu[0][r] = s.cpu;
        }
        s.runRepeated(redactor, screen, whole, CACHED_RUNS);
        if (r >= 0) {
          cpu[1][r] = s.cpu;
        }
      }
    }
    System.out.printf("%n%s (%dx%d, %d lines, %d hidden)%n", Path.of(file).getFileName(),
        screen.cols(), screen.rows(), lines, s.boxes);
    String[] names = {"first full screen", "same screen again (cache hits)*"};
    for (int i = 0; i < 2; i++) {
      System.out.printf("%-32s %12.1f   CPU ms per rep %s%n", names[i], median(cpu[i]) / 1e6,
          Arrays.toString(Arrays.stream(cpu[i]).map(n -> n / 1_000_000).toArray()));
    }
  }

  /** One redaction's CPU and wall time; the image is copied first so every run sees the same pixels. */
  private static final class Sample {
    long cpu;
    long wall;
    int lines;
    int ocrLines;
    int boxes;
    long boxArea;
    Redaction.OcrWork work;

    /** {@code runs} redactions in a row, each of a fresh copy; CPU and wall are their means. */
    void runRepeated(Redactor redactor, Mat image, RectList areas, int runs) {
      Mat[] copies = new Mat[runs];
      for (int i = 0; i < runs; i++) {
        copies[i] = image.clone();
      }
      long c0 = OS.getProcessCpuTime();
      long w0 = System.nanoTime();
      Redaction r = null;
      for (Mat copy : copies) {
        r = redactor.redact(copy, areas, Long.MAX_VALUE, true);
      }
      wall = (System.nanoTime() - w0) / runs;
      cpu = (OS.getProcessCpuTime() - c0) / runs;
      lines = r.lines();
      ocrLines = r.ocrLines();
      for (Mat copy : copies) {
        copy.close();
      }
    }

    void run(Redactor redactor, Mat image, RectList areas) {
      try (Mat copy = image.clone()) {
        long c0 = OS.getProcessCpuTime();
        long w0 = System.nanoTime();
        Redaction r = redactor.redact(copy, areas, Long.MAX_VALUE, true);
        wall = System.nanoTime() - w0;
        cpu = OS.getProcessCpuTime() - c0;
        lines = r.lines();
        ocrLines = r.ocrLines();
        boxes = r.boxes().size();
        work = r.work();
        boxArea = 0;
        for (Redaction.Box b : r.boxes()) {
          boxArea += (long) b.width() * b.height();
        }
      }
    }
  }

  private static void record(int rep, int scenario, Sample s, long[][] cpu, long[][] wall,
      int[][] lines, int[][] ocr) {
    if (rep < 0) {
      return;
    }
    cpu[scenario][rep] = s.cpu;
    wall[scenario][rep] = s.wall;
    lines[scenario][rep] = s.lines;
    ocr[scenario][rep] = s.ocrLines;
  }

  /** The full-width band the engine redacts for the change from {@code a} to {@code b}. */
  private static RectList band(Mat a, Mat b) {
    RectList out = new RectList(1);
    try (Mat diff = new Mat(); Mat grey = new Mat()) {
      opencv_core.absdiff(a, b, diff);
      opencv_imgproc.cvtColor(diff, grey, opencv_imgproc.COLOR_BGR2GRAY);
      if (opencv_core.countNonZero(grey) == 0) {
        throw new IllegalArgumentException("the two screens are identical");
      }
      try (Rect r = opencv_imgproc.boundingRect(grey)) {
        int y0 = Math.max(0, r.y() - MARGIN);
        int y1 = Math.min(a.rows(), r.y() + r.height() + MARGIN);
        out.add(0, y0, a.cols(), y1 - y0);
      }
    }
    return out;
  }

  private static String describe(RectList r) {
    return r.width(0) + "x" + r.height(0) + "+0+" + r.y(0);
  }

  private static Mat read(String file) {
    Mat m = opencv_imgcodecs.imread(Path.of(file).toString());
    if (m == null || m.empty()) {
      throw new IllegalArgumentException("cannot read " + file);
    }
    return m;
  }

  private static long median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
