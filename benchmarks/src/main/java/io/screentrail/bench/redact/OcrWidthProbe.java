package io.screentrail.bench.redact;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.LineReader;
import io.screentrail.redact.OcrLine;
import io.screentrail.redact.Redactor;
import io.screentrail.redact.TextLineFinder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What a horizontal squeeze of the lines given to OCR ({@code screentrail.ocr.squeeze}) costs
 * and saves, each setting in turn in one JVM, rounds alternating: for every screen the OCR
 * thread's CPU per line (one worker, no caches, every line read whole through {@link
 * LineReader}), the width read in image heights, and, for a screen given with the text it
 * shows ({@code SCREEN.png:TRUTH.txt}), the characters wrong: the edit distance between what
 * was read (lines in reading order, whitespace dropped) and the text, over the text's length;
 * and what an attacker reads after redaction with that setting ({@code Redactor}, blur): the
 * screen is redacted, read again at squeeze 1, and pieces of the planted values that
 * {@code run-ocr-width.sh} writes ({@link #PIECES}) are counted, with the lines whose first
 * word stays legible.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.screentrail.bench.redact.OcrWidthProbe \
 *     1,0.8,0.7 ROUNDS SCREEN.png[:TRUTH.txt]...
 * </pre>
 *
 * {@code benchmarks/run-ocr-width.sh} renders xterm screens of planted values in five small
 * fonts and runs this probe on them and on {@code run-redact.sh}'s screens.
 */
public final class OcrWidthProbe {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private OcrWidthProbe() {}

  /** Pieces of run-ocr-width.sh's planted values, any of which left legible is a leak. */
  static final String[] PIECES = {"3782", "822463", "4111", "jane", "doe", "example", "akia",
      "fodnn", "wjalr", "mdeng", "bpxrf", "r4nd", "t0k3n", "xoxb", "abcdef", "hunter", "zebra",
      "078-05", "7946", "s3cr3t", "admin", "3704", "0532"};

  /** One screen: its lines in reading order and the text it shows, if known. */
  private record Screen(String name, Mat bgr, RectList lines, String truth) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: OcrWidthProbe SQUEEZE,... ROUNDS SCREEN.png[:TRUTH.txt]...");
      System.exit(2);
    }
    String[] settings = args[0].split(",");
    int rounds = Integer.parseInt(args[1]);
    List<Screen> screens = new ArrayList<>();
    try (TextLineFinder finder = new TextLineFinder()) {
      for (int i = 2; i < args.length; i++) {
        String[] parts = args[i].split(":", 2);
        Mat bgr = opencv_imgcodecs.imread(parts[0]);
        if (bgr.empty()) {
          throw new IllegalArgumentException("cannot read " + parts[0]);
        }
        RectList found = new RectList(512);
        finder.find(bgr, 0, 0, bgr.cols(), bgr.rows(), found);
        String truth = parts.length > 1 ? Files.readString(Path.of(parts[1])) : null;
        screens.add(new Screen(Path.of(parts[0]).getFileName().toString(), bgr,
            readingOrder(found), truth));
      }
    }
    // [setting][screen][round]
    double[][][] msPerLine = new double[settings.length][screens.size()][rounds];
    double[][] heights = new double[settings.length][screens.size()];
    double[][] wrong = new double[settings.length][screens.size()];
    int[][] leaks = new int[settings.length][screens.size()];
    int[][] legible = new int[settings.length][screens.size()];
    for (int s = 0; s < settings.length; s++) {
      for (int k = 0; k < screens.size(); k++) {
        if (screens.get(k).truth() != null) {
          int[] found = attack(settings[s], screens.get(k));
          leaks[s][k] = found[0];
          legible[s][k] = found[1];
        }
      }
    }
    for (int r = -1; r < rounds; r++) {
      for (int s = 0; s < settings.length; s++) {
        System.setProperty("screentrail.ocr.squeeze", settings[s]);
        try (LineReader reader = new LineReader(1, 0)) {
          reader.warmUp(1);
          long worker = workerThread();
          for (int k = 0; k < screens.size(); k++) {
            Screen sc = screens.get(k);
            OcrLine[] out = new OcrLine[sc.lines().size()];
            long c0 = THREADS.getThreadCpuTime(worker);
            LineReader.Counts counts = reader.read(sc.bgr(), sc.lines(), out, Long.MAX_VALUE);
            long cpu = THREADS.getThreadCpuTime(worker) - c0;
            if (r < 0) {
              continue; // a throw-away round: class loading and the JIT
            }
            msPerLine[s][k][r] = cpu / 1e6 / Math.max(1, sc.lines().size());
            heights[s][k] = counts.ocrHeightsRead;
            if (sc.truth() != null) {
              wrong[s][k] = wrongShare(out, sc.truth());
            }
          }
        }
      }
    }
    System.out.printf("%-22s %-8s %6s %26s %12s %10s %s%n", "screen", "squeeze", "lines",
        "OCR CPU ms a line (rounds)", "heights read", "chars wrong",
        "after redaction: value pieces read, lines with a legible first word");
    for (int k = 0; k < screens.size(); k++) {
      for (int s = 0; s < settings.length; s++) {
        double[] ms = msPerLine[s][k].clone();
        Arrays.sort(ms);
        System.out.printf("%-22s %-8s %6d %8.2f %s %12.0f %10s %s%n", screens.get(k).name(),
            settings[s], screens.get(k).lines().size(), ms[ms.length / 2],
            Arrays.toString(Arrays.stream(msPerLine[s][k]).map(v -> Math.round(v * 100) / 100.0)
                .toArray()), heights[s][k],
            screens.get(k).truth() == null ? "-" : String.format("%.2f %%", 100 * wrong[s][k]),
            screens.get(k).truth() == null ? "" : leaks[s][k] + ", " + legible[s][k]);
      }
    }
  }

  /**
   * Redacts {@code sc} with squeeze {@code setting}, reads the result at squeeze 1, and returns
   * the pieces of planted values read and the lines read that begin with a first word of the typed lines.
   */
  private static int[] attack(String setting, Screen sc) throws Exception {
    System.setProperty("screentrail.ocr.squeeze", setting);
    try (Mat copy = sc.bgr().clone()) {
      RectList whole = new RectList(1);
      whole.add(0, 0, copy.cols(), copy.rows());
      try (Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 10_000)) {
        redactor.redact(copy, whole, Long.MAX_VALUE, true);
      }
      System.setProperty("screentrail.ocr.squeeze", "1");
      RectList lines = new RectList(512);
      try (TextLineFinder finder = new TextLineFinder()) {
        finder.find(copy, 0, 0, copy.cols(), copy.rows(), lines);
      }
      OcrLine[] out = new OcrLine[lines.size()];
      try (LineReader attacker = new LineReader(1, 0)) {
        attacker.read(copy, lines, out, Long.MAX_VALUE);
      }
      StringBuilder text = new StringBuilder();
      for (OcrLine l : out) {
        if (l != null) {
          text.append(l.text().toLowerCase(Locale.ROOT)).append('\n');
        }
      }
      String read = text.toString();
      int pieces = 0;
      for (String line : read.split("\n")) {
        int before = pieces;
        for (String p : PIECES) {
          for (int at = line.indexOf(p); at >= 0; at = line.indexOf(p, at + 1)) {
            pieces++;
          }
        }
        if (pieces > before) {
          System.out.printf("  %s at %s read after redaction: %s%n", sc.name(), setting, line);
        }
      }
      java.util.Set<String> firsts = new java.util.HashSet<>();
      for (String line : sc.truth().split("\n")) {
        firsts.add(line.strip().split("\\s+")[0].toLowerCase(Locale.ROOT));
      }
      int firstWords = 0;
      for (String line : read.split("\n")) {
        if (firsts.contains(line.strip().split("\\s+")[0])) {
          firstWords++;
        }
      }
      return new int[] {pieces, firstWords};
    }
  }

  /** The one live OCR worker of a reader just warmed up. */
  private static long workerThread() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("screentrail-ocr-")) {
        return t.getId();
      }
    }
    throw new IllegalStateException("no OCR worker thread");
  }

  /** {@code found} sorted into rows (top to bottom, a row being lines that overlap in y), then x. */
  private static RectList readingOrder(RectList found) {
    Integer[] idx = new Integer[found.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Integer.compare(found.y(a), found.y(b)));
    int[] row = new int[idx.length];
    int rowTop = Integer.MIN_VALUE;
    int rowBottom = Integer.MIN_VALUE;
    int n = -1;
    for (int i = 0; i < idx.length; i++) {
      int y = found.y(idx[i]);
      int centre = y + found.height(idx[i]) / 2;
      if (centre >= rowBottom || centre < rowTop) {
        n++;
        rowTop = y;
        rowBottom = y + found.height(idx[i]);
      }
      row[idx[i]] = n;
    }
    Arrays.sort(idx, (a, b) -> row[a] != row[b] ? Integer.compare(row[a], row[b])
        : Integer.compare(found.x(a), found.x(b)));
    RectList out = new RectList(Math.max(1, idx.length));
    for (Integer i : idx) {
      out.add(found.x(i), found.y(i), found.width(i), found.height(i));
    }
    return out;
  }

  /** Edit distance of what was read to {@code truth}, whitespace dropped, over its length. */
  private static double wrongShare(OcrLine[] read, String truth) {
    StringBuilder got = new StringBuilder();
    for (OcrLine l : read) {
      if (l != null) {
        got.append(l.text());
      }
    }
    String a = got.toString().replaceAll("\\s+", "");
    String b = truth.replaceAll("\\s+", "");
    return (double) editDistance(a, b) / b.length();
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      char c = a.charAt(i - 1);
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (c == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
