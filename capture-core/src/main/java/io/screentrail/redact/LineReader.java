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
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Reads text lines with OCR workers, remembering each line's result by its pixels.
 *
 * <p>Each line is cut out, turned grey, inverted when dark (Tesseract reads dark on light),
 * enlarged when small (softened first), and padded with {@link #MARGIN} white pixels (white, not
 * more of the frame: a taller crop pulls in a neighbour line's pixels, and PSM 7 then reads
 * nothing). Before any of that, the line's frame pixels are hashed (CRC-32C and CRC-32, 64 bits
 * with the size) and looked up in a Caffeine cache, so a screen that scrolls or gains one typed
 * character only pays OCR for the lines that changed; a line of one call with the same pixels as
 * a line read whole earlier in that call (a closing brace, a prompt) takes that read's result,
 * counted as a cache hit. Misses go to a fixed pool of threads, each with its own {@link
 * OcrEngine}. Lines not read by the deadline come back unread, and the caller treats them as
 * sensitive.
 *
 * <p>A missed line is cut into words ({@link LineWords}), and each word is looked up by its exact
 * pixels in a second cache. The words of one call that are missing, each distinct crop once, are
 * pasted on a few synthetic lines and read together; OCR's words are mapped back by their boxes.
 * A crop that OCR left empty or joined with a neighbour sends the lines that wait for it to be
 * read whole, the normal way; so are lines of one word and lines without a trusted baseline. The line is then the words' texts joined by single spaces, their
 * boxes and their mean confidence, as a whole-line read gives them. The LSTM's time follows the
 * width read, so words seen before (build output, prompts, paths) cost nothing again.
 *
 * <p>{@link #read} is called by one thread at a time (the encoder thread).
 */
public final class LineReader implements AutoCloseable {

  /** Result counts of one {@link #read} call. */
  public static final class Counts {
    public int cacheHits;
    public int ocrLines;
    public int unread;
    /** Lines put together from word results (a subset of {@link #ocrLines}). */
    public int wordLines;
    /** Words answered by the word cache. */
    public int wordHits;
    /** Distinct word crops read on synthetic lines. */
    public int wordMisses;
    /** Synthetic lines of missed words read by OCR. */
    public int syntheticReads;
    /** Lines read whole because a synthetic line's words did not map one to one. */
    public int wordFallbacks;
    /** OCR calls, and their images' width in image heights (what the LSTM's time follows). */
    public int ocrCalls;
    public double ocrHeightsRead;
    /** Characters OCR returned, spaces between words included. */
    public int ocrChars;
    public boolean timedOut;
    public Throwable error;
    /** Lines not read because the call's allowance of Tesseract reads was spent. */
    public int overBudget;
  }

  private record Key(long hash, int width, int height) {}

  private final Cache<Key, OcrLine> cache;
  /** Word results by exact crop, or null when lines are only read whole. */
  private final Cache<LineWords.WordKey, LineWords.WordText> words;
  private final LineWords splitter = new LineWords();
  private final ExecutorService pool;
  private final ThreadLocal<LineOcr> engines;
  private final List<LineOcr> allEngines = new ArrayList<>();
  private final CRC32C crcC = new CRC32C();
  private final CRC32 crc = new CRC32();
  private final Rect roi = new Rect();
  /** Columns given to OCR per enlarged frame column (see {@link #SQUEEZE}). */
  private final double squeeze;

  /**
   * @param threads OCR worker threads (one Tesseract engine each)
   * @param cacheLines line results to remember
   */
  public LineReader(int threads, long cacheLines) {
    this(threads, cacheLines, OcrEngine::start);
  }

  /** A reader whose workers each get an OCR engine from {@code engineFactory}. */
  LineReader(int threads, long cacheLines, java.util.function.Supplier<LineOcr> engineFactory) {
    this(threads, cacheLines, wordCacheBytesDefault(), engineFactory);
  }

  /**
   * The word cache's size when none is given: {@value #WORD_CACHE_BYTES} bytes, or the system
   * property {@code screentrail.ocr.wordCacheBytes} (0 turns words off: lines read whole).
   */
  static long wordCacheBytesDefault() {
    return Long.getLong("screentrail.ocr.wordCacheBytes", WORD_CACHE_BYTES);
  }

  /**
   * The horizontal squeeze when none is given: {@value #SQUEEZE}, or the system property {@code
   * screentrail.ocr.squeeze} (1 gives OCR every column).
   *
   * @throws IllegalArgumentException when the property is not a number in [0.4, 1]
   */
  static double squeezeDefault() {
    String v = System.getProperty("screentrail.ocr.squeeze");
    if (v == null) {
      return SQUEEZE;
    }
    double q;
    try {
      q = Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      q = Double.NaN;
    }
    if (!(q >= 0.4 && q <= 1)) {
      throw new IllegalArgumentException(
          "screentrail.ocr.squeeze must be a number in [0.4, 1], was " + v);
    }
    return q;
  }

  /**
   * Width of the image OCR reads, as a share of the enlarged line's (lines not enlarged keep
   * their width). Tesseract scales every line to its network's 36 px input height, and the
   * network's time follows the columns left after that; squeezing the columns first cuts them
   * in proportion. Not squeezed by default: at 0.9 an xterm 9x15 SSN was left legible, at 0.8
   * more pieces of planted values (BENCHMARKS.md, "Cheaper OCR reads").
   */
  static final double SQUEEZE = 1.0;

  /**
   * Default bound of the word cache, in (approximate) heap bytes: a working desktop's recurring
   * words fit many times over, and the cache is most of what a long recording's heap holds.
   */
  public static final long WORD_CACHE_BYTES = 8L << 20;

  /**
   * @param wordCacheBytes bound of the word cache in heap bytes; 0 reads missed lines whole
   */
  LineReader(int threads, long cacheLines, long wordCacheBytes,
      java.util.function.Supplier<LineOcr> engineFactory) {
    this(threads, cacheLines, wordCacheBytes, squeezeDefault(), engineFactory);
  }

  /** @param squeeze columns OCR is given per enlarged column (see {@link #SQUEEZE}) */
  LineReader(int threads, long cacheLines, long wordCacheBytes, double squeeze,
      java.util.function.Supplier<LineOcr> engineFactory) {
    this.squeeze = squeeze;
    // No cache at all for 0: Caffeine evicts asynchronously, so a size-0 cache still answers.
    this.cache = cacheLines > 0 ? Caffeine.newBuilder().maximumSize(cacheLines).build() : null;
    this.words = cacheLines > 0 && wordCacheBytes > 0
        ? Caffeine.newBuilder().maximumWeight(wordCacheBytes)
            .<LineWords.WordKey, LineWords.WordText>weigher((k, v) -> v.weight(k)).build()
        : null;
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
    return read(bgr, lines, out, deadlineNanos, Integer.MAX_VALUE, null);
  }

  /**
   * Like {@link #read(Mat, RectList, OcrLine[], long)}, spending at most {@code allowance}
   * Tesseract reads: a line the line cache answers, or that is put together from cached words
   * (or from words another line of this call reads), costs none; any other costs one, in the
   * order of {@code lines}. A line past the allowance is left null and marked in {@code
   * overBudget} (same index), not read at all; the caller hides it.
   */
  public Counts read(Mat bgr, RectList lines, OcrLine[] out, long deadlineNanos, int allowance,
      boolean[] overBudget) {
    Counts counts = new Counts();
    List<WholeRead> whole = new ArrayList<>();
    List<int[]> repeats = new ArrayList<>();
    List<Assembly> assemblies = new ArrayList<>();
    java.util.Map<LineWords.WordKey, Miss> misses = new java.util.LinkedHashMap<>();
    submitLines(bgr, lines, out, allowance, overBudget, counts, whole, repeats, assemblies,
        misses);
    List<Synthetic> synthetic = synthesize(misses.values(), counts);
    collectWhole(whole, repeats, lines, out, counts, deadlineNanos);
    for (Synthetic syn : synthetic) {
      collect(syn, counts, deadlineNanos);
    }
    finishAssemblies(assemblies, lines, out, counts, deadlineNanos);
    return counts;
  }

  /**
   * First step of {@link #read}: answers each line from the line cache, or queues it, within
   * {@code allowance}, as a repeat of a line read whole, a whole read ({@code whole}), or an
   * assembly of words ({@code assemblies}, waiting on {@code misses}). A method of its own, as
   * are the steps after it, so that C2 compiles (and after a trap recompiles) each step alone
   * rather than one huge unit, whose compiler arena glibc keeps.
   */
  private void submitLines(Mat bgr, RectList lines, OcrLine[] out, int allowance,
      boolean[] overBudget, Counts counts, List<WholeRead> whole, List<int[]> repeats,
      List<Assembly> assemblies, java.util.Map<LineWords.WordKey, Miss> misses) {
    int reads = allowance;
    // Lines of this call with the same pixels as a line read whole before them (a closing
    // brace, a prompt, a rule of dashes): they take its result instead of a read of their own.
    java.util.Map<Key, Integer> wholeByKey = new java.util.HashMap<>();
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
        out[i] = hit.scaled(xScaleFor(w, scaleFor(h), squeeze), scaleFor(h), x, y);
        counts.cacheHits++;
        continue;
      }
      Integer same = key == null ? null : wholeByKey.get(key);
      if (same != null) {
        repeats.add(new int[] {i, same});
        continue;
      }
      byte[] grey = grey(bgr, x, y, w, h);
      if (words == null || !splitter.split(grey, w, h)) {
        if (reads <= 0) {
          overBudget[i] = true;
          counts.overBudget++;
          continue;
        }
        reads--;
        if (key != null) {
          wholeByKey.put(key, whole.size());
        }
        whole.add(submitWhole(i, key, grey, w, h, null, counts));
        continue;
      }
      Assembly a = new Assembly(i, key, grey, splitter.copy(), w, h);
      if (reads < Integer.MAX_VALUE && !wordsAffordable(a, grey, w, misses)) {
        if (reads <= 0) {
          overBudget[i] = true;
          counts.overBudget++;
          continue;
        }
        reads--;
      }
      lookUpWords(a, grey, misses, counts);
      if (a.missing == 0) {
        finish(a, lines, out, counts);
      } else {
        assemblies.add(a);
      }
    }
  }

  /**
   * Fills {@code a}'s word texts from the word cache; a word not there joins {@code misses}
   * (one entry per distinct crop, shared by every line of the call that shows it).
   */
  private void lookUpWords(Assembly a, byte[] grey,
      java.util.Map<LineWords.WordKey, Miss> misses, Counts counts) {
    int w = a.width;
    int h = a.height;
    for (int j = 0; j < a.words.count; j++) {
      LineWords.WordKey wk = splitter.key(j, grey, w);
      LineWords.WordText t = words.getIfPresent(wk);
      if (t != null) {
        a.texts[j] = t;
        counts.wordHits++;
      } else {
        Miss m = misses.get(wk);
        if (m == null) {
          m = new Miss(wk, scaleFor(h), h / 6);
          misses.put(wk, m);
        }
        m.users.add(a);
        m.slots.add(j);
        a.missing++;
      }
    }
  }

  /**
   * Waits for the whole reads of {@link #read} and fills their lines, then the lines that
   * repeat one of them.
   */
  private void collectWhole(List<WholeRead> whole, List<int[]> repeats, RectList lines,
      OcrLine[] out, Counts counts, long deadlineNanos) {
    OcrLine[] read = new OcrLine[whole.size()];
    for (int k = 0; k < whole.size(); k++) {
      read[k] = collect(whole.get(k), lines, out, counts, deadlineNanos);
    }
    for (int[] r : repeats) {
      int i = r[0];
      OcrLine line = read[r[1]];
      if (line == null) {
        out[i] = null;
        counts.unread++;
      } else {
        Prepared p = whole.get(r[1]).prepared();
        out[i] = line.scaled(p.xScale, p.scale, lines.x(i), lines.y(i));
        counts.cacheHits++;
      }
    }
  }

  /**
   * Last step of {@link #read}, once the synthetic lines are collected: puts together the lines
   * whose words all came back; lines whose words did not come back one to one are read whole,
   * the normal way.
   */
  private void finishAssemblies(List<Assembly> assemblies, RectList lines, OcrLine[] out,
      Counts counts, long deadlineNanos) {
    List<WholeRead> fallbacks = new ArrayList<>();
    for (Assembly a : assemblies) {
      if (a.unread) {
        out[a.index] = null;
        counts.unread++;
      } else if (a.fallback) {
        counts.wordFallbacks++;
        fallbacks.add(submitWhole(a.index, a.key, a.grey, a.width, a.height, a.words, counts));
      } else {
        finish(a, lines, out, counts);
      }
    }
    for (WholeRead r : fallbacks) {
      collect(r, lines, out, counts, deadlineNanos);
    }
  }

  /**
   * Whether the line's words are all in the word cache or already being read for another line of
   * this call: then it costs no Tesseract read of its own.
   */
  private boolean wordsAffordable(Assembly a, byte[] grey, int w,
      java.util.Map<LineWords.WordKey, Miss> misses) {
    for (int j = 0; j < a.words.count; j++) {
      LineWords.WordKey wk = splitter.key(j, grey, w);
      if (!misses.containsKey(wk) && words.getIfPresent(wk) == null) {
        return false;
      }
    }
    return true;
  }

  /** A line read whole: its OCR task and what is needed to use the result. */
  private record WholeRead(int index, Key key, byte[] grey, Prepared prepared, LineWords words,
      Future<OcrLine> result) {}

  /** A line being put together from its words' results. */
  private static final class Assembly {
    final int index;
    final Key key;
    final byte[] grey;
    final LineWords words;
    final int width;
    final int height;
    final LineWords.WordText[] texts;
    int missing;
    boolean fallback;
    boolean unread;

    Assembly(int index, Key key, byte[] grey, LineWords words, int width, int height) {
      this.index = index;
      this.key = key;
      this.grey = grey;
      this.words = words;
      this.width = width;
      this.height = height;
      this.texts = new LineWords.WordText[words.count];
    }
  }

  /** A word crop not in the cache, and the lines (and word slots) that wait for it. */
  private static final class Miss {
    final LineWords.WordKey key;
    final int scale;
    final int sizeClass;
    final List<Assembly> users = new ArrayList<>(2);
    final List<Integer> slots = new ArrayList<>(2);

    Miss(LineWords.WordKey key, int scale, int sizeClass) {
      this.key = key;
      this.scale = scale;
      this.sizeClass = sizeClass;
    }
  }

  /** Missed words pasted side by side on one line, and where each went. */
  private static final class Synthetic {
    final List<Miss> misses = new ArrayList<>();
    int[] left;
    int[] right;
    int[] top;
    int scale;
    double xScale;
    Future<OcrLine> result;
  }

  /** Widest synthetic line, in frame pixels: a few of them let the workers share a screen. */
  private static final int SYNTHETIC_WIDTH = 900;

  private WholeRead submitWhole(int index, Key key, byte[] grey, int w, int h, LineWords lw,
      Counts counts) {
    Prepared p = enlargeAndPad(grey, w, h, scaleFor(h), squeeze);
    count(p, counts);
    return new WholeRead(index, key, grey, p, lw, submit(p));
  }

  /**
   * Has a worker read {@code p}, then free its pixels at once: left to the garbage collector, a
   * burst of prepared lines promoted to the old generation held their C memory until the next
   * full collection.
   */
  private Future<OcrLine> submit(Prepared p) {
    return pool.submit(() -> {
      try {
        return engines.get().read(p.pixels, p.width, p.height, p.width);
      } finally {
        p.free();
      }
    });
  }

  private static void count(Prepared p, Counts counts) {
    counts.ocrCalls++;
    counts.ocrHeightsRead += (double) p.width / p.height;
  }

  /** Waits for {@code r} and fills its line of {@code out}; returns OCR's line, null if unread. */
  private OcrLine collect(WholeRead r, RectList lines, OcrLine[] out, Counts counts,
      long deadlineNanos) {
    int i = r.index();
    OcrLine line = await(r.result(), counts, deadlineNanos);
    if (line == null) {
      out[i] = null;
      counts.unread++;
      return null;
    }
    counts.ocrChars += line.text().length();
    if (r.key() != null) {
      cache.put(r.key(), line);
    }
    if (r.words() != null) {
      remember(line, r.words(), r.grey(), lines.width(i), r.prepared().xScale,
          r.prepared().scale);
    }
    out[i] = line.scaled(r.prepared().xScale, r.prepared().scale, lines.x(i), lines.y(i));
    counts.ocrLines++;
    return line;
  }

  /** The result of {@code f} by the deadline, or null (timed out, failed, interrupted). */
  private static OcrLine await(Future<OcrLine> f, Counts counts, long deadlineNanos) {
    long wait = deadlineNanos - System.nanoTime();
    try {
      if (wait <= 0 && !f.isDone()) {
        throw new TimeoutException();
      }
      return f.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | CancellationException e) {
      counts.timedOut = true;
      f.cancel(false);
    } catch (ExecutionException e) {
      counts.error = e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  /**
   * Pastes the missed words, grouped by enlargement, background and size class, side by side
   * on synthetic lines (baselines aligned, gaps wide enough that OCR never joins neighbours),
   * and submits them.
   */
  private List<Synthetic> synthesize(java.util.Collection<Miss> missed, Counts counts) {
    java.util.Map<Long, List<Miss>> groups = new java.util.LinkedHashMap<>();
    for (Miss m : missed) {
      long g = ((long) m.scale << 40) | ((long) m.key.background << 20) | m.sizeClass;
      groups.computeIfAbsent(g, k -> new ArrayList<>()).add(m);
    }
    List<Synthetic> out = new ArrayList<>();
    for (List<Miss> group : groups.values()) {
      Synthetic s = new Synthetic();
      int width = 0;
      for (Miss m : group) {
        if (!s.misses.isEmpty() && width + m.key.width > SYNTHETIC_WIDTH) {
          out.add(s);
          s = new Synthetic();
          width = 0;
        }
        s.misses.add(m);
        width += m.key.width + 12;
      }
      out.add(s);
    }
    for (Synthetic s : out) {
      counts.wordMisses += s.misses.size();
      counts.syntheticReads++;
      Prepared p = paste(s, squeeze);
      s.xScale = p.xScale;
      count(p, counts);
      s.result = submit(p);
    }
    return out;
  }

  /** Vertical margin of a synthetic line, frame pixels (a line crop is its ink box). */
  private static final int SYNTHETIC_MARGIN = 1;

  private static Prepared paste(Synthetic s, double squeeze) {
    int n = s.misses.size();
    int above = Integer.MAX_VALUE;
    int below = Integer.MIN_VALUE;
    for (Miss m : s.misses) {
      above = Math.min(above, m.key.placement);
      below = Math.max(below, m.key.placement + m.key.height - 1);
    }
    int h = below - above + 1 + 2 * SYNTHETIC_MARGIN;
    int gap = Math.max(LineWords.minGap(h) + 2, h * 3 / 4);
    int w = gap;
    for (Miss m : s.misses) {
      w += m.key.width + gap;
    }
    s.left = new int[n];
    s.right = new int[n];
    s.top = new int[n];
    s.scale = s.misses.get(0).scale;
    byte[] canvas = new byte[w * h];
    java.util.Arrays.fill(canvas, (byte) s.misses.get(0).key.background);
    int x = gap;
    for (int k = 0; k < n; k++) {
      LineWords.WordKey key = s.misses.get(k).key;
      int y = SYNTHETIC_MARGIN + key.placement - above;
      for (int r = 0; r < key.height; r++) {
        System.arraycopy(key.pixels, r * key.width, canvas, (y + r) * w + x, key.width);
      }
      s.left[k] = x;
      s.right[k] = x + key.width;
      s.top[k] = y;
      x += key.width + gap;
    }
    return enlargeAndPad(canvas, w, h, s.scale, squeeze);
  }

  private void collect(Synthetic s, Counts counts, long deadlineNanos) {
    OcrLine r = await(s.result, counts, deadlineNanos);
    LineWords.WordText[] mapped = null;
    if (r != null) {
      counts.ocrChars += r.text().length();
      mapped = mapWords(r, s.misses.size(), s.left, s.right, s.top, s.xScale, s.scale);
    }
    for (int k = 0; k < s.misses.size(); k++) {
      Miss m = s.misses.get(k);
      if (mapped != null && mapped[k] != null) {
        words.put(m.key, mapped[k]);
      }
      for (int u = 0; u < m.users.size(); u++) {
        Assembly a = m.users.get(u);
        if (r == null) {
          a.unread = true;
        } else if (mapped[k] == null) {
          a.fallback = true;
        } else {
          a.texts[m.slots.get(u)] = mapped[k];
        }
      }
    }
  }

  /**
   * Caches the words of a line read whole when OCR's words fall one to one (or several to one)
   * into the line's word crops, so that the crops hit next time.
   */
  private void remember(OcrLine line, LineWords lw, byte[] grey, int w, double xScale,
      int scale) {
    int n = lw.count;
    LineWords.WordText[] mapped = mapWords(line, n, lw.x0, lw.x1, lw.top, xScale, scale);
    for (int j = 0; j < n; j++) {
      if (mapped[j] != null) {
        words.put(lw.key(j, grey, w), mapped[j]);
      }
    }
  }

  /**
   * Splits OCR's words over {@code n} crops (columns {@code left} to {@code right} of the image
   * read, first ink row {@code top}, in frame pixels; the OCR result in enlarged and padded
   * pixels, its columns {@code xScale} times the frame's). A crop's text is the words that lie within its stretch (the crop plus half the
   * gaps around it). A crop that no word lies in, or that a word reaching into a neighbour's
   * stretch touches, gets null: OCR joined it with a neighbour or read nothing there, and its
   * text cannot be told apart. The other crops keep theirs.
   */
  static LineWords.WordText[] mapWords(OcrLine r, int n, int[] left, int[] right, int[] top,
      double xScale, int scale) {
    int[] first = new int[n];
    int[] last = new int[n];
    boolean[] spoiled = new boolean[n];
    java.util.Arrays.fill(first, -1);
    for (int k = 0; k < r.words(); k++) {
      int l = (int) Math.floor((r.wordX(k) - MARGIN) / xScale);
      int e = l + (int) Math.ceil(r.wordWidth(k) / xScale);
      int from = stretchOf(l, n, left, right);
      int to = stretchOf(e - 1, n, left, right);
      if (from != to) {
        for (int q = from; q <= to; q++) {
          spoiled[q] = true;
        }
        continue;
      }
      if (first[from] < 0) {
        first[from] = k;
      } else if (last[from] != k - 1) {
        spoiled[from] = true; // out of order: not one run of words
      }
      last[from] = k;
    }
    LineWords.WordText[] out = new LineWords.WordText[n];
    for (int s = 0; s < n; s++) {
      if (first[s] < 0 || spoiled[s]) {
        continue;
      }
      int count = last[s] - first[s] + 1;
      int[] ranges = new int[count * 2];
      int[] boxes = new int[count * 4];
      float[] conf = new float[count];
      int from = r.wordStart(first[s]);
      for (int k = first[s]; k <= last[s]; k++) {
        int q = k - first[s];
        ranges[q * 2] = r.wordStart(k) - from;
        ranges[q * 2 + 1] = r.wordEnd(k) - from;
        boxes[q * 4] = (int) Math.floor((r.wordX(k) - MARGIN) / xScale) - left[s];
        boxes[q * 4 + 1] = Math.floorDiv(r.wordY(k) - MARGIN, scale) - top[s];
        boxes[q * 4 + 2] = (int) Math.ceil(r.wordWidth(k) / xScale);
        boxes[q * 4 + 3] = (r.wordHeight(k) + scale - 1) / scale;
        conf[q] = r.wordConfidence(k);
      }
      out[s] = new LineWords.WordText(r.text().substring(from, r.wordEnd(last[s])), ranges,
          boxes, conf);
    }
    return out;
  }

  /** The crop whose stretch holds column {@code x}: stretches meet halfway across each gap. */
  private static int stretchOf(int x, int n, int[] left, int[] right) {
    int s = 0;
    while (s + 1 < n && x >= (right[s] + left[s + 1]) / 2) {
      s++;
    }
    return s;
  }

  /**
   * Puts a line together from its words' results: texts joined by single spaces, boxes in the
   * line's enlarged and padded pixels (as OCR of the whole line would give them), the mean word
   * confidence; then caches it as a line.
   */
  private void finish(Assembly a, RectList lines, OcrLine[] out, Counts counts) {
    int scale = scaleFor(a.height);
    double xScale = xScaleFor(a.width, scale, squeeze);
    int total = 0;
    for (LineWords.WordText t : a.texts) {
      total += t.confidence().length;
    }
    StringBuilder text = new StringBuilder();
    int[] boxes = new int[total * 4];
    int[] ranges = new int[total * 2];
    float[] conf = new float[total];
    float sum = 0;
    int q = 0;
    for (int j = 0; j < a.texts.length; j++) {
      LineWords.WordText t = a.texts[j];
      if (text.length() > 0) {
        text.append(' ');
      }
      int base = text.length();
      text.append(t.text());
      for (int k = 0; k < t.confidence().length; k++, q++) {
        ranges[q * 2] = base + t.ranges()[k * 2];
        ranges[q * 2 + 1] = base + t.ranges()[k * 2 + 1];
        // Exactly where a whole-line read of these pixels would put them, so that mapping back
        // (OcrLine.scaled) returns the words' frame columns.
        int left = a.words.x0[j] + t.boxes()[k * 4];
        int from = (int) Math.floor(left * xScale);
        boxes[q * 4] = from + MARGIN;
        boxes[q * 4 + 1] = (a.words.top[j] + t.boxes()[k * 4 + 1]) * scale + MARGIN;
        boxes[q * 4 + 2] = (int) Math.ceil((left + t.boxes()[k * 4 + 2]) * xScale) - from;
        boxes[q * 4 + 3] = t.boxes()[k * 4 + 3] * scale;
        conf[q] = t.confidence()[k];
        sum += conf[q];
      }
    }
    OcrLine line = new OcrLine(text.toString(), sum / total, boxes, ranges, conf);
    if (a.key != null) {
      cache.put(a.key, line);
    }
    int i = a.index;
    out[i] = line.scaled(xScale, scale, lines.x(i), lines.y(i));
    counts.ocrLines++;
    counts.wordLines++;
  }

  /**
   * A line ready for OCR: grey, dark on light, padded, maybe enlarged. Its pixels are C memory
   * the reading task frees ({@link #free}); a task cancelled before it ran leaves them to
   * JavaCPP's collector-driven deallocation.
   */
  private static final class Prepared {
    BytePointer memory;
    ByteBuffer pixels;
    int width;
    int height;
    int scale;
    /** Columns read per frame column: {@link #scale} times the squeeze. */
    double xScale;

    void free() {
      pixels = null;
      memory.close();
    }
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

  /**
   * Columns OCR is given for a line {@code w} frame pixels wide: enlarged lines only are
   * squeezed, since they still keep more columns than the frame has; squeezing a line of frame
   * pixels drops narrow glyphs of proportional text ({@code billing} read as {@code billng}).
   */
  private static int columnsFor(int w, int scale, double squeeze) {
    return scale == 1 ? w : Math.max(1, (int) Math.round(w * scale * squeeze));
  }

  /** OCR columns per frame column of a line {@code w} wide, as {@link #enlargeAndPad} makes it. */
  private static double xScaleFor(int w, int scale, double squeeze) {
    return (double) columnsFor(w, scale, squeeze) / w;
  }

  /** Tesseract reads glyphs best at 20 px or more: small print is enlarged by this factor. */
  private static int scaleFor(int h) {
    return h >= 20 ? 1 : h >= 10 ? 2 : 3;
  }

  /** The line's pixels grey, dark on light, border columns whitened: what OCR is given. */
  private byte[] grey(Mat bgr, int x, int y, int w, int h) {
    roi.x(x).y(y).width(w).height(h);
    byte[] out = new byte[w * h];
    try (Mat region = bgr.apply(roi);
        Mat gray = new Mat()) {
      cvtColor(region, gray, COLOR_BGR2GRAY);
      try (Scalar m = mean(gray)) {
        if (m.get(0) < 128) {
          bitwise_not(gray, gray);
        }
      }
      trimBorders(gray);
      gray.data().get(out);
    }
    return out;
  }

  /**
   * {@code grey} ({@code w} x {@code h}) enlarged {@code scale} times, its columns also squeezed
   * by {@code squeeze}, and padded by {@link #MARGIN}.
   */
  private static Prepared enlargeAndPad(byte[] grey, int w, int h, int scale, double squeeze) {
    Prepared p = new Prepared();
    p.scale = scale;
    int columns = columnsFor(w, scale, squeeze);
    p.xScale = (double) columns / w;
    try (Mat gray = new Mat(h, w, org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
      gray.data().put(grey);
      Mat src = gray;
      Mat big = null;
      if (scale > 1) {
        big = new Mat();
        // Soften first: bitmap fonts enlarged with hard edges read far worse (see MARGIN).
        try (Size none = new Size(0, 0);
            Size size = new Size(columns, h * scale)) {
          GaussianBlur(gray, gray, none, SOFTEN_SIGMA);
          resize(gray, big, size, 0, 0, INTER_CUBIC);
        }
        src = big;
      }
      p.width = src.cols() + 2 * MARGIN;
      p.height = src.rows() + 2 * MARGIN;
      p.memory = new BytePointer((long) p.width * p.height);
      p.pixels = p.memory.asByteBuffer();
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

  /** Forgets every cached line and word (see {@link Redactor#forgetHistory}). */
  void forgetCaches() {
    if (cache != null) {
      cache.invalidateAll();
    }
    if (words != null) {
      words.invalidateAll();
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
