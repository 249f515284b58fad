package io.screentrail.redact;

import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
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
 * 7 then reads nothing). The prepared pixels are hashed (CRC-32C and CRC-32, 64 bits with the
 * size) and looked up in a Caffeine cache, so a screen that scrolls or gains one typed character
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
   * The prepared pixels of the line being looked up. Most lines hit the cache, so only a miss
   * gets its own direct buffer: one per line on every whole frame kept megabytes of direct
   * memory waiting for a garbage collection.
   */
  private ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
  private byte[] whiteRow = new byte[0];
  private byte[] row = new byte[0];

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
    for (int i = 0; i < lines.size(); i++) {
      Prepared p = prepare(bgr, lines.x(i), lines.y(i), lines.width(i), lines.height(i));
      Key key = new Key(p.hash, p.width, p.height);
      OcrLine hit = cache == null ? null : cache.getIfPresent(key);
      if (hit != null) {
        out[i] = hit.scaled(p.scale, lines.x(i), lines.y(i));
        counts.cacheHits++;
        continue;
      }
      p.pixels = ByteBuffer.allocateDirect(scratch.remaining()).put(scratch).flip();
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
        if (cache != null) {
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
    /** Set for a cache miss only; a hit's pixels stay in the scratch buffer. */
    ByteBuffer pixels;
    int width;
    int height;
    int scale;
    long hash;
  }

  private Prepared prepare(Mat bgr, int x, int y, int w, int h) {
    Prepared p = new Prepared();
    roi.x(x).y(y).width(w).height(h);
    // Tesseract reads glyphs best at 20 px or more: enlarge small print.
    p.scale = h >= 20 ? 1 : h >= 10 ? 2 : 3;
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
        try (Size size = new Size(w * p.scale, h * p.scale)) {
          resize(gray, big, size, 0, 0, INTER_CUBIC);
        }
        src = big;
      }
      p.width = src.cols() + 2;
      p.height = src.rows() + 2;
      int size = p.width * p.height;
      if (scratch.capacity() < size) {
        scratch = ByteBuffer.allocateDirect(Math.max(size, scratch.capacity() * 2));
      }
      if (whiteRow.length < p.width) {
        whiteRow = new byte[p.width * 2];
        java.util.Arrays.fill(whiteRow, (byte) 0xFF);
      }
      int cols = src.cols();
      if (row.length < cols) {
        row = new byte[cols * 2];
      }
      ByteBuffer px = scratch.clear();
      px.put(whiteRow, 0, p.width);
      for (int r = 0; r < src.rows(); r++) {
        src.ptr(r).get(row, 0, cols);
        px.put((byte) 0xFF).put(row, 0, cols).put((byte) 0xFF);
      }
      px.put(whiteRow, 0, p.width).flip();
      if (big != null) {
        big.close();
      }
    }
    crcC.reset();
    crcC.update(scratch);
    crc.reset();
    crc.update(scratch.rewind());
    scratch.rewind();
    p.hash = (crcC.getValue() << 32) ^ crc.getValue();
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
