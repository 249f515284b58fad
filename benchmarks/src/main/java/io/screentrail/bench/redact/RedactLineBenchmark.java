package io.screentrail.bench.redact;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.LineReader;
import io.screentrail.redact.OcrLine;
import io.screentrail.redact.Redactor;
import io.screentrail.redact.TextLineFinder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The redaction stage's costs on a real rendered screen from the redaction corpus (1280x800):
 * finding its text lines with OpenCV, reading one line with Tesseract (cache off), the same
 * line from the cache, and redacting the whole screen when every line is already cached (the
 * steady state of a screen that did not change much).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RedactLineBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s \
 *     -p screen=capture-core/src/test/resources/redaction-corpus/screens/support-ticket.png
 * </pre>
 *
 * With {@code -prof io.screentrail.bench.CpuProfiler} it also gives the JVM's CPU per call, which
 * is what {@code opencvThreads} trades: wall time on a pool against CPU of a spinning worker.
 *
 * Run from the repository root (the screen path is relative to it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RedactLineBenchmark {

  @Param("capture-core/src/test/resources/redaction-corpus/screens/support-ticket.png")
  public String screen;

  /**
   * OpenCV's thread pool for the whole trial: -1 leaves OpenCV's default (a worker per core), 1
   * runs every call on the benchmark's thread, as {@code record} sets it ({@code opencvThreads}).
   */
  @Param({"-1", "1"})
  public int opencvThreads;

  private Mat image;
  private Mat scratch;
  private TextLineFinder finder;
  private LineReader uncached;
  private LineReader cached;
  private Redactor redactor;
  private final RectList lines = new RectList(256);
  private final RectList one = new RectList(1);
  private final RectList whole = new RectList(1);
  private final OcrLine[] out = new OcrLine[1];

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (opencvThreads > 0) {
      org.bytedeco.opencv.global.opencv_core.setNumThreads(opencvThreads);
    }
    image = opencv_imgcodecs.imread(Path.of(screen).toString());
    if (image == null || image.empty()) {
      throw new IllegalStateException("cannot read " + screen + ": run from the repository root");
    }
    scratch = image.clone();
    finder = new TextLineFinder();
    finder.find(image, 0, 0, image.cols(), image.rows(), lines);
    // The longest line, as a typed-into text field would be.
    int best = 0;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.width(i) > lines.width(best)) {
        best = i;
      }
    }
    one.add(lines.x(best), lines.y(best), lines.width(best), lines.height(best));
    whole.add(0, 0, image.cols(), image.rows());
    uncached = new LineReader(1, 0);
    cached = new LineReader(1, 1000);
    cached.read(image, one, out, Long.MAX_VALUE);
    redactor = new Redactor(RedactionMode.BLUR, 35, 2, 10_000);
    redactor.warmUp(2);
    image.copyTo(scratch);
    redactor.redact(scratch, whole, Long.MAX_VALUE, true);
  }

  @Benchmark
  public int findLines() {
    lines.clear();
    finder.find(image, 0, 0, image.cols(), image.rows(), lines);
    return lines.size();
  }

  @Benchmark
  public OcrLine readOneLine() {
    uncached.read(image, one, out, Long.MAX_VALUE);
    return out[0];
  }

  @Benchmark
  public OcrLine readOneLineCached() {
    cached.read(image, one, out, Long.MAX_VALUE);
    return out[0];
  }

  @Benchmark
  public int redactWholeScreenCached() {
    image.copyTo(scratch);
    return redactor.redact(scratch, whole, Long.MAX_VALUE, true).boxes().size();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    redactor.close();
    uncached.close();
    cached.close();
    finder.close();
    scratch.close();
    image.close();
  }
}
