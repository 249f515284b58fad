package io.screentrail.bench.diff;

import io.screentrail.bench.ScreenContent;
import io.screentrail.diff.ScrollFinder;
import io.screentrail.internal.RectList;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The encoder thread's search for moved content ({@link ScrollFinder#split}) on one frame's
 * changed regions, against the previous stored frame, on a synthetic desktop ({@link
 * ScreenContent}).
 *
 * <p>{@code scene}: {@code scroll} is what the end-to-end desktop does in one second, the
 * terminal scrolled by one line and a document beside it by 120 px, as two changed regions;
 * {@code repaint} repaints the same two regions with new content, so every shift is tried and
 * fails (the search's worst case that still finds nothing); {@code fullScroll} scrolls the whole
 * screen by 40 px as one region.
 *
 * <p>{@code kept}: after each call the finder is told that the changed regions' rows of the
 * previous frame were rewritten, as storing a frame does ({@code outside}: the rows above and
 * below stay kept, as in the engine with redaction), or that all of it was ({@code none}: the
 * cost before fingerprints were kept).
 *
 * <p>Run (no X server needed):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ScrollFindBenchmark -prof gc -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Djava.awt.headless=true")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ScrollFindBenchmark {

  @Param({"1280x720", "1920x1080"})
  public String resolution;

  @Param({"scroll", "repaint", "fullScroll"})
  public String scene;

  /**
   * What the finder keeps of the previous frame's row fingerprints between calls: {@code none}
   * (everything fingerprinted each call, as before they were kept) or {@code outside} (the
   * changed regions' rows are fingerprinted again, the rows above and below are kept).
   */
  @Param({"none", "outside"})
  public String kept;

  private ScrollFinder finder;
  private ByteBuffer previous;
  private ByteBuffer current;
  private final RectList changed = new RectList(8);
  private final RectList images = new RectList(64);
  private final RectList copies = new RectList(64);
  private final RectList sources = new RectList(64);

  @Setup
  public void setUp() {
    int[] size = ScreenContent.parseSize(resolution);
    int w = size[0];
    int h = size[1];
    ScreenContent.Desktop desktop = ScreenContent.desktop(w, h);
    BufferedImage before = desktop.image();
    BufferedImage after = ScreenContent.copy(before);
    Rectangle term = desktop.terminal();
    int docX = (int) (w * 0.56) + 36;
    Rectangle doc = new Rectangle(docX, 64, w - docX - 20, (int) (h * 0.62) - 32);
    Random random = new Random(3);
    switch (scene) {
      case "scroll" -> {
        scroll(before, after, term, desktop.lineHeight(), random);
        scroll(before, after, doc, 120, random);
        changed.add(term.x, term.y, term.width, term.height);
        changed.add(doc.x, doc.y, doc.width, doc.height);
      }
      case "repaint" -> {
        scroll(before, after, term, term.height, random);
        scroll(before, after, doc, doc.height, random);
        changed.add(term.x, term.y, term.width, term.height);
        changed.add(doc.x, doc.y, doc.width, doc.height);
      }
      default -> {
        Rectangle all = new Rectangle(0, 0, w, h);
        scroll(before, after, all, 40, random);
        changed.add(0, 0, w, h);
      }
    }
    previous = bgr(before);
    current = bgr(after);
    finder = new ScrollFinder(w, h);
  }

  /** Moves the rectangle's content up by {@code dy} rows and fills the rows left with noise. */
  private static void scroll(BufferedImage from, BufferedImage to, Rectangle r, int dy,
      Random random) {
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x < r.x + r.width; x++) {
        int src = y + dy;
        to.setRGB(x, y, src < r.y + r.height ? from.getRGB(x, src)
            : (x % 7 < 4 ? random.nextInt(0x1000000) : 0x1d1f21));
      }
    }
  }

  private static ByteBuffer bgr(BufferedImage img) {
    ByteBuffer b = ByteBuffer.allocateDirect(img.getWidth() * img.getHeight() * 3)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        b.put((byte) rgb).put((byte) (rgb >> 8)).put((byte) (rgb >> 16));
      }
    }
    return b.clear();
  }

  @Benchmark
  public int split() {
    finder.split(current, previous, changed, images, copies, sources);
    // As the engine with redaction: the changed regions were stored, so their rows of the
    // previous frame are fingerprinted again next time; the rows above and below stay kept.
    // (Without redaction the engine also keeps the current rows' fingerprints as the previous
    // frame's: here the frames stay as they are, so that every call does the same search.)
    if (kept.equals("none")) {
      finder.forgetPrevious();
    } else {
      finder.previousChanged(changed);
    }
    return copies.size() + images.size();
  }
}
