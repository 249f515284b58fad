package io.screentrail.redact;

import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.screentrail.internal.RectList;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Reads text lines with OCR workers, remembering each line's result by its pixels.
 *
 * <p>Each line is cut out, turned grey, inverted when dark (Tesseract reads dark on light),
 * enlarged when small, and padded by one pixel (more pulls in a neighbour line's pixels, and PSM
 * 7 then reads nothing). Before any of that, the line's frame pixels are hashed (CRC-32C and
 * CRC-32, 64 bits with the size) and looked up in a Caffeine cache, so a screen that scrolls or gains one typed character
 * only pays OCR for the lines that changed. Misses go to a fixed pool of threads, each with its
 * own {@link OcrEngine}. Lines not read by the deadline come back unread, and the caller treats
 * them as sensitive.
 *
 * <p>{@link #read} is called by one thread at a time (the encoder thread).
 */
public final class LineReader implements AutoCloseable {

  /** Result counts of one {@link #read} call. */
  public static final class Counts {
    public int cacheHits;
    public int ocrLines;
    public int unread;
    public boolean timedOut;
    public Throwable error;
  }

  private record Key(long hash, int width, int height) {}

  private final Cache<Key, OcrLine> cache;
  private final ExecutorService pool;
  private final ThreadLocal<LineOcr> engines;
  private final List<LineOcr> allEngines = new ArrayList<>();
  private final CRC32C crcC = new CRC32C();
  private final CRC32 crc = new CRC32();
  private final Rect roi = new Rect();
  private final List<Prepared> prepared = new ArrayList<>();

  /**
   * @param threads OCR worker threads (one Tesseract engine each)
   * @param cacheLines line results to remember
   */
  public LineReader(int threads, long cacheLines) {
    this(threads, cacheLines, OcrEngine::start);
  }

  /** A reader whose workers each get an OCR engine from {@code engineFactory}. */
  LineReader(int threads, long cacheLines, java.util.function.Supplier<LineOcr> engineFactory) {
    // No cache at all for 0: Caffeine evicts asynchronously, so a size-0 cache still answers.
    this.cache = cacheLines > 0 ? Caffeine.newBuilder().maximumSize(cacheLines).build() : null;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "screentrail-ocr-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.engines = ThreadLocal.withInitial(() -> {
      LineOcr e = engineFactory.get();
      synchronized (allEngines) {
        allEngines.add(e);
      }
      return e;
    });
  }

  /** Starts the engines now rather than on the first frame. */
  public void warmUp(int threads) throws InterruptedException, ExecutionException {
    List<Future<?>> f = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      f.add(pool.submit(() -> engines.get()));
    }
    for (Future<?> x : f) {
      x.get();
    }
  }

  /**
   * Reads every line of {@code lines} (rectangles of {@code bgr}) into {@code out} (same index),
   * leaving {@code null} for lines not read by {@code deadlineNanos} ({@link System#nanoTime()})
   * or whose OCR failed.
   */
  public Counts read(Mat bgr, RectList lines, OcrLine[] out, long deadlineNanos) {
    Counts counts = new Counts();
    List<Future<OcrLine>> pending = new ArrayList<>();
    List<Integer> pendingIndex = new ArrayList<>();
    List<Key> pendingKey = new ArrayList<>();
    ByteBuffer frame = cache == null ? null : frameBytes(bgr);
    int step = (int) bgr.step();
    int pixel = (int) bgr.elemSize();
    for (int i = 0; i < lines.size(); i++) {
      int x = lines.x(i);
      int y = lines.y(i);
      int w = lines.width(i);
      int h = lines.height(i);
      // Looked up by the line's own frame pixels: preparing it (grey, invert, enlarge) costs
      // several times the hash, and a hit needs none of it.
      Key key = frame == null ? null : new Key(hashRows(frame, step, pixel, x, y, w, h), w, h);
      OcrLine hit = key == null ? null : cache.getIfPresent(key);
      if (hit != null) {
        out[i] = hit.scaled(scaleFor(h), x, y);
        counts.cacheHits++;
        continue;
      }
      Prepared p = prepare(bgr, x, y, w, h);
      pending.add(pool.submit(() -> engines.get().read(p.pixels, p.width, p.height, p.width)));
      pendingIndex.add(i);
      pendingKey.add(key);
      prepared.add(p);
    }
    for (int k = 0; k < pending.size(); k++) {
      int i = pendingIndex.get(k);
      long wait = deadlineNanos - System.nanoTime();
      try {
        if (wait <= 0 && !pending.get(k).isDone()) {
          throw new TimeoutException();
        }
        OcrLine line = pending.get(k).get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        if (pendingKey.get(k) != null) {
          cache.put(pendingKey.get(k), line);
        }
        Prepared p = prepared.get(k);
        out[i] = line.scaled(p.scale, lines.x(i), lines.y(i));
        counts.ocrLines++;
      } catch (TimeoutException | CancellationException e) {
        counts.timedOut = true;
        pending.get(k).cancel(false);
        out[i] = null;
        counts.unread++;
      } catch (ExecutionException e) {
        counts.error = e.getCause();
        out[i] = null;
        counts.unread++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out[i] = null;
        counts.unread++;
      }
    }
    prepared.clear();
    return counts;
  }

  /** A line ready for OCR: grey, dark on light, padded, maybe enlarged. */
  private static final class Prepared {
    ByteBuffer pixels;
    int width;
    int height;
    int scale;
  }

  /** The frame's pixels as one buffer (no copy), for hashing lines in place. */
  private static ByteBuffer frameBytes(Mat bgr) {
    return bgr.data().capacity(bgr.step() * bgr.rows()).asByteBuffer();
  }

  /**
   * A 64-bit hash of the rectangle's rows ({@code pixel} bytes a pixel): CRC-32C and CRC-32 side by side (both intrinsics,
   * straight on the frame), so two different lines that collide in one rarely do in both; the
   * key adds the size.
   */
  private long hashRows(ByteBuffer frame, int step, int pixel, int x, int y, int w, int h) {
    crcC.reset();
    crc.reset();
    for (int r = y; r < y + h; r++) {
      int from = r * step + x * pixel;
      frame.limit(from + w * pixel).position(from);
      crcC.update(frame);
      frame.limit(from + w * pixel).position(from);
      crc.update(frame);
    }
    return (crcC.getValue() << 32) ^ crc.getValue();
  }

  /**
   * White pixels around a line given to Tesseract. With one pixel, and small print enlarged
   * without softening it first ({@link #SOFTEN_SIGMA}), Tesseract misread bitmap terminal fonts
   * far more often: on xterm's 6x13, 7x13 and 9x15 fonts 8.9% of characters wrong against 4.1%,
   * and 35 of 170 lines holding a secret not fully hidden against 3; it was no faster. Wider
   * margins (10 px) read a short label ({@code CVV}) as garbage.
   */
  static final int MARGIN = 6;

  /** Gaussian blur (sigma, in frame pixels) applied to small print before it is enlarged. */
  private static final double SOFTEN_SIGMA = 0.5;

  /** Tesseract reads glyphs best at 20 px or more: small print is enlarged by this factor. */
  private static int scaleFor(int h) {
    return h >= 20 ? 1 : h >= 10 ? 2 : 3;
  }

  private Prepared prepare(Mat bgr, int x, int y, int w, int h) {
    Prepared p = new Prepared();
    roi.x(x).y(y).width(w).height(h);
    p.scale = scaleFor(h);
    try (Mat region = bgr.apply(roi);
        Mat gray = new Mat()) {
      cvtColor(region, gray, COLOR_BGR2GRAY);
      try (Scalar m = mean(gray)) {
        if (m.get(0) < 128) {
          bitwise_not(gray, gray);
        }
      }
      trimBorders(gray);
      Mat src = gray;
      Mat big = null;
      if (p.scale > 1) {
        big = new Mat();
        // Soften first: bitmap fonts enlarged with hard edges read far worse (see MARGIN).
        try (Size none = new Size(0, 0);
            Size size = new Size(w * p.scale, h * p.scale)) {
          GaussianBlur(gray, gray, none, SOFTEN_SIGMA);
          resize(gray, big, size, 0, 0, INTER_CUBIC);
        }
        src = big;
      }
      p.width = src.cols() + 2 * MARGIN;
      p.height = src.rows() + 2 * MARGIN;
      p.pixels = ByteBuffer.allocateDirect(p.width * p.height);
      byte[] white = new byte[p.width];
      java.util.Arrays.fill(white, (byte) 0xFF);
      for (int r = 0; r < MARGIN; r++) {
        p.pixels.put(white);
      }
      byte[] row = new byte[src.cols()];
      for (int r = 0; r < src.rows(); r++) {
        src.ptr(r).get(row);
        p.pixels.put(white, 0, MARGIN).put(row).put(white, 0, MARGIN);
      }
      for (int r = 0; r < MARGIN; r++) {
        p.pixels.put(white);
      }
      p.pixels.flip();
      if (big != null) {
        big.close();
      }
    }
    return p;
  }

  /**
   * Whitens columns at the crop's left and right edges that are dark from top to bottom: a
   * window border or a table rule touching the line, which OCR would read as an 'I' or '|'.
   */
  private static void trimBorders(Mat gray) {
    int w = gray.cols();
    int h = gray.rows();
    if (w < 8 || h < 6) {
      return;
    }
    for (int side = 0; side < 2; side++) {
      for (int k = 0; k < 3; k++) {
        int x = side == 0 ? k : w - 1 - k;
        int dark = 0;
        for (int y = 0; y < h; y++) {
          if ((gray.ptr(y, x).get() & 0xFF) < 110) {
            dark++;
          }
        }
        if (dark * 10 < h * 9) {
          break;
        }
        for (int y = 0; y < h; y++) {
          gray.ptr(y, x).put((byte) 0xFF);
        }
      }
    }
  }

  /** Lines remembered. */
  public long cachedLines() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (allEngines) {
      allEngines.forEach(LineOcr::close);
      allEngines.clear();
    }
    roi.close();
  }
}
