package io.screentrail;

import io.screentrail.diff.TileChangeDetector;
import io.screentrail.internal.EngineCounters;
import io.screentrail.internal.FrameSlot;
import io.screentrail.internal.FrameStore;
import io.screentrail.session.SessionException;
import io.screentrail.session.SessionWriter;
import io.screentrail.source.ScreenGeometry;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.ScreenSources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Records the screen into a session directory: periodic grabs, change detection on tiles, only
 * changed frames encoded and stored, counters for everything.
 *
 * <pre>{@code
 * try (CaptureEngine engine = CaptureEngine.builder()
 *     .sessionDirectory(Path.of("sessions/today"))
 *     .fps(2)
 *     .build()) {
 *   engine.start();
 *   ...                      // record as long as needed
 *   CaptureStats stats = engine.stats();
 * }                          // close() flushes and leaves a readable session
 * }</pre>
 *
 * <p>Threads: {@code screentrail-capture} grabs and diffs on the configured period and hands
 * changed frames to {@code screentrail-encoder} through a bounded queue of pre-allocated slots;
 * when no slot is free the frame is dropped and counted, never waited for. The encoder thread
 * encodes, writes and calls the {@link FrameListener}. The public methods are thread-safe.
 */
public final class CaptureEngine implements AutoCloseable {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final CaptureConfig config;
  private final Ticker ticker;
  private final EngineCounters counters = new EngineCounters();
  private final AtomicBoolean resync = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running;
  private volatile boolean captureDone;
  private volatile String stopReason;
  private volatile String failure;
  private ScreenSource source;
  private SessionWriter writer;
  private FrameStore store;
  private TileChangeDetector detector;
  private ArrayBlockingQueue<FrameSlot> free;
  private ArrayBlockingQueue<FrameSlot> ready;
  private List<FrameSlot> slots;
  private Pointer sourcePointer;
  private Thread captureThread;
  private Thread encoderThread;
  private long startNanos;
  private boolean started;
  private boolean closed;

  private CaptureEngine(CaptureConfig config) {
    this.config = config;
    this.ticker = config.ticker();
  }

  /** A builder with the defaults: 1 fps, automatic source, whole desktop, JPEG quality 80. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings this engine was built with. */
  public CaptureConfig config() {
    return config;
  }

  /**
   * Opens the screen source, creates the session and starts recording.
   *
   * @throws IllegalStateException when there is no usable display, with what to do about it, or
   *     when called twice
   * @throws SessionException when the session directory cannot be created
   */
  public synchronized void start() throws IOException {
    if (started) {
      throw new IllegalStateException("the engine was already started; build a new one");
    }
    started = true;
    source = ScreenSources.open(config.source(), config.display(), config.screen());
    try {
      ScreenGeometry g = source.geometry();
      startNanos = ticker.nanoTime();
      long startWall = ticker.wallMillis();
      writer = SessionWriter.create(config.sessionDirectory(), manifest(g, startWall),
          config.syncInterval().toNanos());
      detector = new TileChangeDetector(g.width(), g.height(), config.tileSize());
      store = new FrameStore(config, writer, counters, g.width(), g.height(), startNanos);
      store.writeStart(startWall);
      slots = new ArrayList<>();
      free = new ArrayBlockingQueue<>(config.queueCapacity());
      ready = new ArrayBlockingQueue<>(config.queueCapacity());
      for (int i = 0; i < config.queueCapacity(); i++) {
        FrameSlot s = new FrameSlot(g.width(), g.height(), detector.tileCount());
        slots.add(s);
        free.add(s);
      }
      sourcePointer = new BytePointer(source.pixels());
    } catch (IOException | RuntimeException e) {
      releaseResources();
      throw e;
    }
    running = true;
    captureThread = new Thread(this::captureLoop, "screentrail-capture");
    encoderThread = new Thread(this::encoderLoop, "screentrail-encoder");
    captureThread.setDaemon(true);
    encoderThread.setDaemon(true);
    encoderThread.start();
    captureThread.start();
  }

  private Map<String, Object> manifest(ScreenGeometry g, long startWall) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", Map.of("name", "screentrail", "version", Version.VERSION));
    m.put("sessionId", java.util.UUID.randomUUID().toString());
    m.put("createdAt", java.time.Instant.ofEpochMilli(startWall).toString());
    m.put("startWallMillis", startWall);
    m.put("source", source.name());
    m.put("display", config.display() != null ? config.display() : System.getenv("DISPLAY"));
    Map<String, Object> geo = new LinkedHashMap<>();
    geo.put("x", (long) g.x());
    geo.put("y", (long) g.y());
    geo.put("width", (long) g.width());
    geo.put("height", (long) g.height());
    geo.put("desktopWidth", (long) g.desktopWidth());
    geo.put("desktopHeight", (long) g.desktopHeight());
    geo.put("screenIndex", (long) g.screenIndex());
    geo.put("dpi", g.dpi());
    List<Object> screens = new ArrayList<>();
    for (ScreenGeometry.Screen s : g.screens()) {
      screens.add(Map.of("index", (long) s.index(), "x", (long) s.x(), "y", (long) s.y(),
          "width", (long) s.width(), "height", (long) s.height()));
    }
    geo.put("screens", screens);
    m.put("geometry", geo);
    m.put("coordinateSpace", "desktop pixels: origin at the top-left of the virtual desktop,"
        + " x right, y down, physical pixels; frame pixel (0,0) is desktop (geometry.x,"
        + " geometry.y)");
    m.put("timeBase", "mono: nanoseconds since the session started (monotonic);"
        + " wall: milliseconds since the epoch");
    m.put("config", config.describe());
    return m;
  }

  private void captureLoop() {
    long period = config.periodNanos();
    long deadline = config.maxDuration() == null ? Long.MAX_VALUE
        : System.nanoTime() + config.maxDuration().toNanos();
    long next = System.nanoTime();
    ByteBuffer pixels = source.pixels();
    int stride = source.stride();
    long frameBytes = (long) stride * source.geometry().height();
    long captureIndex = 0;
    boolean forceKeyframe = false;
    try {
      while (running) {
        long now = System.nanoTime();
        if (now >= deadline) {
          stopReason = "duration";
          break;
        }
        if (now < next) {
          LockSupport.parkNanos(Math.min(next - now, deadline - now));
          continue;
        }
        long late = (now - next) / period;
        if (late > 0) {
          counters.ticksMissed.addAndGet(late);
        }
        next += (late + 1) * period;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long mono = ticker.nanoTime();
        long wall = ticker.wallMillis();
        int status = source.grab();
        long t1 = System.nanoTime();
        counters.captureTime.record(t1 - t0);
        if (status != ScreenSource.GRAB_OK) {
          counters.captureErrors.incrementAndGet();
          reportError("capture", new IllegalStateException(source.lastError()));
        } else {
          counters.captured.incrementAndGet();
          if (resync.getAndSet(false)) {
            detector.invalidate();
            forceKeyframe = true;
          }
          int changed = detector.detect(pixels, stride);
          long t2 = System.nanoTime();
          counters.diffTime.record(t2 - t1);
          if (changed == 0) {
            counters.skipped.incrementAndGet();
          } else {
            FrameSlot slot = free.poll();
            if (slot == null) {
              // The encoder is behind: drop, and leave the reference so the change is seen again.
              counters.dropped.incrementAndGet();
            } else {
              Pointer.memcpy(slot.pixels.data(), sourcePointer, frameBytes);
              detector.copyMask(slot.changedTiles);
              slot.changedTileCount = changed;
              slot.captureIndex = captureIndex;
              slot.monoNanos = mono;
              slot.wallMillis = wall;
              slot.forceKeyframe = forceKeyframe;
              forceKeyframe = false;
              detector.commit();
              ready.add(slot);
            }
          }
        }
        captureIndex++;
        counters.captureCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
      }
    } catch (RuntimeException | Error e) {
      fail("capture", e);
    } finally {
      captureDone = true;
    }
  }

  private void encoderLoop() {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    try {
      while (true) {
        FrameSlot slot = ready.poll(100, TimeUnit.MILLISECONDS);
        if (slot != null) {
          process(slot);
        } else if (captureDone) {
          break;
        }
        if (failure == null) {
          store.heartbeat(ticker.nanoTime(), ticker.wallMillis());
        }
        counters.encoderCpu.set(THREADS.getCurrentThreadCpuTime() - cpuStart);
      }
      if (failure == null) {
        String reason = stopReason != null ? stopReason : "closed";
        store.writeEnd(ticker.nanoTime(), ticker.wallMillis(), reason);
        writer.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      fail("write", e);
    } finally {
      counters.encoderCpu.set(THREADS.getCurrentThreadCpuTime() - cpuStart);
      running = false;
      stopped.countDown();
    }
  }

  private void process(FrameSlot slot) {
    try {
      if (failure != null) {
        counters.dropped.incrementAndGet();
        return;
      }
      int result = store.store(slot);
      if (result == FrameStore.UNCHANGED) {
        counters.skipped.incrementAndGet();
      } else if (result == FrameStore.ENCODE_FAILED) {
        counters.dropped.incrementAndGet();
        resync.set(true);
        reportError("encode", new IllegalStateException("frame not encoded"));
      }
    } catch (IOException e) {
      counters.dropped.incrementAndGet();
      fail("write", e);
    } catch (RuntimeException e) {
      counters.dropped.incrementAndGet();
      resync.set(true);
      reportError("encode", e);
    } finally {
      free.add(slot);
    }
  }

  private void reportError(String stage, Throwable e) {
    long n = counters.countError(stage, e);
    try {
      config.errorHandler().onError(stage, e, n);
    } catch (RuntimeException ignored) {
      // A failing handler must not stop the recording; the error is already counted.
    }
  }

  /** A fatal error: recording stops, the session keeps every record written before. */
  private void fail(String stage, Throwable e) {
    if (failure == null) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      failure = stage + " failed: " + m;
    }
    reportError(stage, e);
    running = false;
  }

  /** A snapshot of the counters; cheap, callable from any thread. */
  public CaptureStats stats() {
    long elapsed = started ? ticker.nanoTime() - startNanos : 0;
    return counters.snapshot(elapsed);
  }

  /** The captured area and the desktop's screens; valid after {@link #start()}. */
  public ScreenGeometry geometry() {
    return source.geometry();
  }

  /** The source in use ({@code xshm} or {@code robot}); valid after {@link #start()}. */
  public String sourceName() {
    return source.name();
  }

  /** Where the session is written. */
  public Path sessionDirectory() {
    return config.sessionDirectory();
  }

  /** Whether the engine is recording. */
  public boolean isRunning() {
    return running;
  }

  /** Why recording stopped by itself (a write error such as a full disk), or {@code null}. */
  public String failure() {
    return failure;
  }

  /**
   * Waits until recording stops by itself (the configured duration passed, or a fatal error) or
   * the timeout passes.
   *
   * @return whether it stopped
   */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Stops capturing, stores the frames already captured, writes the end record, forces the files
   * to disk and releases the display and native memory. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    try {
      join(captureThread);
      join(encoderThread);
    } finally {
      releaseResources();
    }
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void releaseResources() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = "write failed: " + e.getMessage();
        }
      }
    }
    if (store != null) {
      store.close();
    }
    if (slots != null) {
      slots.forEach(FrameSlot::close);
    }
    if (sourcePointer != null) {
      sourcePointer.close();
    }
    if (source != null) {
      source.close();
    }
  }

  /**
   * Builds a {@link CaptureEngine}. Each setter checks its value at once and names it in the
   * message; {@link #build()} freezes the settings into a {@link CaptureConfig}.
   */
  public static final class Builder {

    private Path sessionDirectory;
    private double fps = 1;
    private SourceKind source = SourceKind.AUTO;
    private String display;
    private int screen = -1;
    private ImageFormat format = ImageFormat.JPEG;
    private int jpegQuality = 80;
    private int tileSize = 64;
    private int keyframeInterval = 300;
    private Duration keyframeMaxAge = Duration.ofSeconds(60);
    private double keyframeAreaRatio = 0.5;
    private int queueCapacity = 3;
    private Duration syncInterval = Duration.ofSeconds(1);
    private Duration maxDuration;
    private Ticker ticker = Ticker.system();
    private FrameListener frameListener;
    private ErrorHandler errorHandler = ErrorHandler.printing();

    private Builder() {}

    /** Where the session is written: a new or empty directory. Required. */
    public Builder sessionDirectory(Path dir) {
      this.sessionDirectory = Objects.requireNonNull(dir, "sessionDirectory");
      return this;
    }

    /** Periodic capture rate in frames per second, in (0, 60]. Default 1. */
    public Builder fps(double fps) {
      if (!(fps > 0 && fps <= 60)) {
        throw new IllegalArgumentException("fps must be in (0, 60], was " + fps);
      }
      this.fps = fps;
      return this;
    }

    /** Which grabber to use. Default {@link SourceKind#AUTO}. */
    public Builder source(SourceKind source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** X display name such as {@code ":0"}; default {@code null}, the {@code DISPLAY} variable. */
    public Builder display(String display) {
      if (display != null && display.isBlank()) {
        throw new IllegalArgumentException("display must not be blank; use null for $DISPLAY");
      }
      this.display = display;
      return this;
    }

    /** Screen index to capture, or -1 (default) for the whole virtual desktop. */
    public Builder screen(int screen) {
      if (screen < -1) {
        throw new IllegalArgumentException("screen must be -1 (all) or an index >= 0, was "
            + screen);
      }
      this.screen = screen;
      return this;
    }

    /** Image format of stored frames. Default JPEG. */
    public Builder format(ImageFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** JPEG quality in [1, 100]. Default 80. */
    public Builder jpegQuality(int quality) {
      if (quality < 1 || quality > 100) {
        throw new IllegalArgumentException("jpegQuality must be in [1, 100], was " + quality);
      }
      this.jpegQuality = quality;
      return this;
    }

    /** Change-detection tile edge in pixels, in [8, 1024]. Default 64. */
    public Builder tileSize(int pixels) {
      if (pixels < 8 || pixels > 1024) {
        throw new IllegalArgumentException("tileSize must be in [8, 1024], was " + pixels);
      }
      this.tileSize = pixels;
      return this;
    }

    /** At most this many stored frames between two whole frames, in [1, 100000]. Default 300. */
    public Builder keyframeInterval(int frames) {
      if (frames < 1 || frames > 100_000) {
        throw new IllegalArgumentException("keyframeInterval must be in [1, 100000], was "
            + frames);
      }
      this.keyframeInterval = frames;
      return this;
    }

    /** At most this long between two whole frames, at least 1 s. Default 60 s. */
    public Builder keyframeMaxAge(Duration age) {
      if (age == null || age.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("keyframeMaxAge must be at least 1s, was " + age);
      }
      this.keyframeMaxAge = age;
      return this;
    }

    /** Store a whole frame when at least this share of pixels changed, in (0, 1]. Default 0.5. */
    public Builder keyframeAreaRatio(double ratio) {
      if (!(ratio > 0 && ratio <= 1)) {
        throw new IllegalArgumentException("keyframeAreaRatio must be in (0, 1], was " + ratio);
      }
      this.keyframeAreaRatio = ratio;
      return this;
    }

    /**
     * Frames that may wait for the encoder, in [1, 64]; each costs one frame of memory (8 MB at
     * 1080p). Default 3.
     */
    public Builder queueCapacity(int frames) {
      if (frames < 1 || frames > 64) {
        throw new IllegalArgumentException("queueCapacity must be in [1, 64], was " + frames);
      }
      this.queueCapacity = frames;
      return this;
    }

    /** How often written data is forced to disk; zero forces every record. Default 1 s. */
    public Builder syncInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException("syncInterval must be zero or positive, was "
            + interval);
      }
      this.syncInterval = interval;
      return this;
    }

    /** Stop by itself after this long; {@code null} (default) records until closed. */
    public Builder maxDuration(Duration duration) {
      if (duration != null && (duration.isNegative() || duration.isZero())) {
        throw new IllegalArgumentException("maxDuration must be positive, was " + duration);
      }
      this.maxDuration = duration;
      return this;
    }

    /** The clock for timestamps. Default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Told about every stored frame, on the encoder thread. Default none. */
    public Builder frameListener(FrameListener listener) {
      this.frameListener = listener;
      return this;
    }

    /** Told about background errors. Default {@link ErrorHandler#printing()}. */
    public Builder errorHandler(ErrorHandler handler) {
      this.errorHandler = Objects.requireNonNull(handler, "errorHandler");
      return this;
    }

    /** The validated, immutable settings. */
    public CaptureConfig buildConfig() {
      if (sessionDirectory == null) {
        throw new IllegalStateException("sessionDirectory is required");
      }
      return new CaptureConfig(sessionDirectory, fps, source, display, screen, format,
          jpegQuality, tileSize, keyframeInterval, keyframeMaxAge, keyframeAreaRatio,
          queueCapacity, syncInterval, maxDuration, ticker, frameListener, errorHandler);
    }

    /** An engine with these settings, not started yet. */
    public CaptureEngine build() {
      return new CaptureEngine(buildConfig());
    }
  }
}
