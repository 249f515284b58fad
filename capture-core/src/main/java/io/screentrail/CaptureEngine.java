package io.screentrail;

import io.screentrail.diff.TileChangeDetector;
import io.screentrail.input.GlobalInputHook;
import io.screentrail.input.InputMode;
import io.screentrail.input.InputSink;
import io.screentrail.input.InputUnavailableException;
import io.screentrail.internal.CaptureHistory;
import io.screentrail.internal.CaptureLoop;
import io.screentrail.internal.CpuGovernor;
import io.screentrail.internal.EngineCounters;
import io.screentrail.internal.EventItem;
import io.screentrail.internal.FrameSlot;
import io.screentrail.internal.FrameStore;
import io.screentrail.internal.InputHub;
import io.screentrail.internal.InputLoop;
import io.screentrail.internal.NativeHeap;
import io.screentrail.internal.PasswordSightings;
import io.screentrail.internal.PauseControl;
import io.screentrail.internal.PendingAction;
import io.screentrail.internal.PolicyMask;
import io.screentrail.internal.TimelineRecords;
import io.screentrail.internal.x11.FocusTracker;
import io.screentrail.internal.x11.FocusWatcher;
import io.screentrail.internal.x11.WindowStack;
import io.screentrail.policy.Policy;
import io.screentrail.redact.Redactor;
import io.screentrail.session.SessionException;
import io.screentrail.session.KeyProvider;
import io.screentrail.session.Retention;
import io.screentrail.session.SessionWriter;
import io.screentrail.session.StorageLimits;
import io.screentrail.source.DamageTracker;
import io.screentrail.source.ScreenGeometry;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.ScreenSources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * The whole thread model (input, OCR workers, who drops what) is in the {@code internal}
 * package's documentation.
 */
public final class CaptureEngine implements AutoCloseable {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final CaptureConfig config;
  private final Ticker ticker;
  private final EngineCounters counters = new EngineCounters();
  private final NativeHeap nativeHeap = NativeHeap.fromSystemProperty();
  private final AtomicBoolean resync = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final InputHub input;
  private final CaptureHistory history = new CaptureHistory();
  private final ArrayBlockingQueue<PendingAction> settleQueue = new ArrayBlockingQueue<>(1024);
  private final ArrayBlockingQueue<Object> records;
  private volatile boolean running;
  private volatile boolean captureDone;
  private volatile String failure;
  private CaptureLoop captureLoop;
  private InputLoop inputLoop;
  private Thread inputThread;
  private GlobalInputHook hook;
  private FocusTracker focus;
  private FocusWatcher focusWatcher;
  private String inputUnavailable;
  private TimelineRecords timelineRecords;
  private ScreenSource source;
  private DamageTracker damage;
  private CpuGovernor governor;
  private String damageUnavailable;
  private SessionWriter writer;
  private FrameStore store;
  private TileChangeDetector detector;
  /**
   * Free slots, the last returned first: a slot filled at the previous hand-off lacks only the
   * tiles changed since, where the oldest of several would lack every change since its own.
   */
  private java.util.concurrent.LinkedBlockingDeque<FrameSlot> free;
  private ArrayBlockingQueue<FrameSlot> ready;
  private List<FrameSlot> slots;
  private Pointer sourcePointer;
  private Thread captureThread;
  private Thread encoderThread;
  private final PauseControl pauseControl;
  private PolicyMask policyMask;
  private long startNanos;
  private volatile String storageStopReason;
  private volatile String storageStopMessage;
  private volatile String endReason;
  private java.nio.file.FileStore fileStore;
  private long minFree;
  private long nextDiskCheckNanos;
  private long nextRetentionNanos;
  private long largestFrameBytes;
  private KeyProvider keys;
  private Path currentDirectory;
  private int segmentNumber;
  private long segmentStartNanos;
  private long framesInSegment;
  private boolean started;
  private boolean closed;

  private CaptureEngine(CaptureConfig config) {
    this.config = config;
    this.ticker = config.ticker();
    this.input = new InputHub(ticker, config.inputQueueCapacity(), counters);
    this.records = new ArrayBlockingQueue<>(config.inputQueueCapacity());
    this.pauseControl = new PauseControl(ticker, records, counters);
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
      startInputHook();
      ScreenGeometry g = source.geometry();
      checkFreeSpaceBeforeStart();
      openDamageHints(g);
      governor = startGovernor();
      // Asked once: a key file changed or removed later does not stop a segment from starting.
      keys = config.encryption() == null ? null : KeyProvider.of(config.encryption().key());
      currentDirectory = config.storage().segmented() ? nextSegmentDirectory()
          : config.sessionDirectory();
      writer = SessionWriter.create(currentDirectory, segmentManifest(g),
          config.syncInterval().toNanos(), keys);
      applyRetention();
      detector = new TileChangeDetector(g.width(), g.height(), config.tileSize());
      if (config.opencvThreads() > 0) {
        // Process-wide, before the first OpenCV call of the engine's threads.
        org.bytedeco.opencv.global.opencv_core.setNumThreads(config.opencvThreads());
      }
      store = new FrameStore(config, writer, counters, g.width(), g.height(), startRedactor());
      slots = new ArrayList<>();
      free = new java.util.concurrent.LinkedBlockingDeque<>(config.queueCapacity());
      ready = new ArrayBlockingQueue<>(config.queueCapacity());
      for (int i = 0; i < config.queueCapacity(); i++) {
        FrameSlot s = new FrameSlot(g.width(), g.height(), detector.tileCount());
        slots.add(s);
        free.add(s);
      }
      sourcePointer = new BytePointer(source.pixels());
      if (isX11()) {
        focus = FocusTracker.open(config.display());
      }
      policyMask = openPolicyMask(g);
      // Time zero once everything is allocated, so the first frame is not stamped late.
      startNanos = ticker.nanoTime();
      segmentStartNanos = startNanos;
      store.writeStart(startNanos, ticker.wallMillis());
      timelineRecords = new TimelineRecords(writer, startNanos, g.x(), g.y());
    } catch (IOException | RuntimeException e) {
      releaseResources();
      throw e;
    }
    running = true;
    captureLoop = new CaptureLoop(config, source, detector, free, ready, sourcePointer, counters,
        resync, history, settleQueue, records, this::reportError);
    inputLoop = new InputLoop(config, input, history, settleQueue, records, counters, focus);
    if (focus != null) {
      // Focus changes from X events, so an idle input thread needs no focus poll.
      focusWatcher = FocusWatcher.open(config.display(), inputLoop::wake);
      inputLoop.focusEvents(focusWatcher);
    }
    applyPolicy();
    captureLoop.useHints(damage, governor);
    captureThread = new Thread(this::runCapture, "screentrail-capture");
    encoderThread = new Thread(this::encoderLoop, "screentrail-encoder");
    inputThread = new Thread(inputLoop, "screentrail-input");
    inputLoop.captureThread(captureThread);
    for (Thread t : List.of(captureThread, encoderThread, inputThread)) {
      t.setDaemon(true);
    }
    encoderThread.start();
    captureThread.start();
    inputThread.start();
  }

  /**
   * The designated-application filter when the policy names applications. It needs X11 window
   * information: without it nothing could be shown safely, so the engine refuses to start.
   */
  private PolicyMask openPolicyMask(ScreenGeometry g) {
    Policy p = config.policy();
    if (p == null || !p.restrictsWindows()) {
      return null;
    }
    if (!isX11()) {
      throw new IllegalStateException("an application policy needs an X11 display to see"
          + " which windows are shown; none is available");
    }
    return new PolicyMask(p, WindowStack.open(config.display()), g.width(), g.height(), g.x(),
        g.y(), counters, this::reportError);
  }

  private void applyPolicy() {
    captureLoop.pauseControl(pauseControl);
    captureLoop.policyMask(policyMask);
    PasswordSightings sightings = null;
    if (config.policy() != null) {
      sightings = new PasswordSightings(source.geometry().x(), source.geometry().y());
      store.passwordSightings(sightings);
    }
    inputLoop.policy(config.policy(), pauseControl, sightings);
  }

  /**
   * Pauses recording: nothing is captured or stored, and no input event, until {@link #resume()}.
   * A {@code pause} record marks it on the timeline. Callable from any thread.
   *
   * @return whether it was recording (false when already paused)
   */
  public boolean pause() {
    return pauseControl.set(true, "api");
  }

  /** Resumes recording after {@link #pause()}; a {@code resume} record marks it. */
  public boolean resume() {
    return pauseControl.set(false, "api");
  }

  /** Switches between paused and recording, marking it with {@code reason} ({@code signal}...). */
  public boolean togglePause(String reason) {
    return pauseControl.toggle(Objects.requireNonNull(reason, "reason"));
  }

  /** Whether recording is paused (by the API, a signal or the pause hotkey). */
  public boolean isPaused() {
    return pauseControl.isPaused();
  }

  /**
   * Refuses to start on a file system below the free-space floor: a recording there would stop
   * at once. Sets up the periodic check.
   */
  private void checkFreeSpaceBeforeStart() throws IOException {
    Path dir = config.sessionDirectory().toAbsolutePath();
    while (dir != null && !java.nio.file.Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      return;
    }
    fileStore = java.nio.file.Files.getFileStore(dir);
    minFree = config.storage().minFreeFor(fileStore.getTotalSpace());
    long usable = fileStore.getUsableSpace();
    if (minFree > 0 && usable < minFree) {
      throw new IllegalStateException(lowDiskMessage(usable));
    }
  }

  private String lowDiskMessage(long usable) {
    return "only " + mib(usable) + " free on the file system of " + config.sessionDirectory()
        + ", below the minimum of " + mib(minFree) + ": free some space, record to another"
        + " disk, or lower the minimum (minFreeBytes, --min-free)";
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  /** Removes old sessions of the recording root, if asked to; errors are reported, not fatal. */
  private void applyRetention() {
    if (!config.storage().retains()) {
      return;
    }
    try {
      List<Retention.Removal> removed = Retention.prune(config.storage(), currentDirectory,
          ticker.wallMillis());
      counters.sessionsRemoved.addAndGet(removed.size());
    } catch (IOException | RuntimeException e) {
      reportError("retention", e);
    }
  }

  /**
   * The encoder thread's storage watch: the free-space floor every 2 s, retention every minute.
   * A statfs call each time; nothing per frame.
   */
  private void watchStorage(long now) {
    if (fileStore != null && minFree > 0 && now - nextDiskCheckNanos >= 0) {
      nextDiskCheckNanos = now + 2_000_000_000L;
      try {
        long usable = fileStore.getUsableSpace();
        if (usable < minFree) {
          stopForStorage("disk_low", "recording stopped: " + lowDiskMessage(usable));
        }
      } catch (IOException e) {
        reportError("disk-check", e);
      }
    }
    if (config.storage().retains() && now - nextRetentionNanos >= 0) {
      nextRetentionNanos = now + 60_000_000_000L;
      applyRetention();
    }
  }

  /** A new segment's directory in the recording directory: its UTC start time and number. */
  private Path nextSegmentDirectory() {
    segmentNumber++;
    String time = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(
            ticker.wallMillis()));
    return config.sessionDirectory().resolve(time + "-" + String.format("%04d", segmentNumber));
  }

  private Map<String, Object> segmentManifest(ScreenGeometry g) {
    Map<String, Object> m = manifest(g);
    if (config.storage().segmented()) {
      m.put("segment", (long) segmentNumber);
    }
    return m;
  }

  /** Whether the current segment is full: by time, or because one more frame could pass it. */
  private boolean segmentDue(long now) {
    StorageLimits s = config.storage();
    if (!s.segmented() || framesInSegment == 0) {
      return false;
    }
    return s.segmentDuration() != null && now - segmentStartNanos >= s.segmentDuration().toNanos()
        || s.segmentMaxBytes() > 0
            && writer.bytesWritten() + largestFrameBytes + 65_536 > s.segmentMaxBytes();
  }

  /**
   * Ends the current segment (end reason {@code segment}) and continues in a new one that starts
   * with a whole frame. Encoder thread.
   */
  private void startNextSegment() throws IOException {
    long now = ticker.nanoTime();
    long wall = ticker.wallMillis();
    store.writeEnd(now, wall, "segment");
    writer.close();
    currentDirectory = nextSegmentDirectory();
    ScreenGeometry g = source.geometry();
    writer = SessionWriter.create(currentDirectory, segmentManifest(g),
        config.syncInterval().toNanos(), keys);
    segmentStartNanos = now;
    framesInSegment = 0;
    store.startSegment(writer, now, wall);
    timelineRecords = new TimelineRecords(writer, now, g.x(), g.y());
    applyRetention();
  }

  /** Whether storing one more frame could pass the session's byte cap. */
  private boolean atByteCap() {
    long cap = config.storage().maxSessionBytes();
    // Headroom for the records written with and after a frame, and the end record.
    return cap > 0 && writer.bytesWritten() + largestFrameBytes + 65_536 > cap;
  }

  private void stopForStorage(String reason, String message) {
    if (storageStopReason == null) {
      storageStopMessage = message;
      storageStopReason = reason;
      captureLoop.stop();
    }
  }

  /** Starts the OCR engines before recording, so the first frame does not wait for them. */
  private Redactor startRedactor() {
    if (config.redaction() == RedactionMode.OFF) {
      return null;
    }
    Redactor r = new Redactor(config.redaction(), config.ocrMinConfidence(), config.ocrThreads(),
        config.ocrCacheLines());
    try {
      r.warmUp(config.ocrThreads());
      return r;
    } catch (Exception e) {
      r.close();
      throw new IllegalStateException("redaction cannot start: " + e.getMessage()
          + " (recording without it needs redaction OFF, --no-redact)", e);
    }
  }

  /**
   * Opens the damage hints when asked for and the source grabs from an X server that has the
   * extension; otherwise records why not, for the manifest and stats.
   */
  private void openDamageHints(ScreenGeometry g) {
    if (!config.damageHints()) {
      damageUnavailable = "disabled in the configuration";
    } else if (!"xshm".equals(source.name())) {
      damageUnavailable = "the " + source.name() + " source has no X server hints";
    } else {
      try {
        damage = DamageTracker.open(config.display(), g);
      } catch (RuntimeException | LinkageError e) {
        damageUnavailable = e.getMessage();
      }
    }
    counters.damageHints = damage != null;
  }

  private CpuGovernor startGovernor() {
    if (config.cpuBudget() <= 0) {
      return null;
    }
    java.util.function.LongSupplier cpu = CpuGovernor.processCpu();
    if (cpu == null) {
      throw new IllegalStateException("a CPU budget needs the process CPU time, which this JVM"
          + " does not report; run without cpuBudget");
    }
    return new CpuGovernor(config.cpuBudget(), config.cpuBudgetWindow().toNanos(), cpu,
        counters);
  }

  private static boolean isX11() {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    return !os.contains("win") && !os.contains("mac");
  }

  private void startInputHook() {
    if (config.inputMode() == InputMode.API_ONLY) {
      inputUnavailable = "global input not requested: events come through the API only";
      return;
    }
    String jvmDisplay = System.getenv("DISPLAY");
    String reason = null;
    if (config.display() != null && !config.display().equals(jvmDisplay)) {
      // The hook follows the JVM's DISPLAY: it would capture another screen's input.
      reason = "global input follows the DISPLAY Java started with ("
          + (jvmDisplay == null ? "none" : jvmDisplay) + "), not the recorded display "
          + config.display() + "; start with DISPLAY=" + config.display();
    } else {
      try {
        hook = GlobalInputHook.start(input);
      } catch (InputUnavailableException e) {
        reason = e.getMessage();
      }
    }
    if (reason != null) {
      if (config.inputMode() == InputMode.GLOBAL) {
        throw new IllegalStateException(reason + ". To record the screen without global input,"
            + " use input mode GLOBAL_IF_AVAILABLE (--input optional) or API_ONLY (--input off).");
      }
      inputUnavailable = reason;
    }
  }

  private Map<String, Object> manifest(ScreenGeometry g) {
    long startWall = ticker.wallMillis();
    Map<String, Object> m = new LinkedHashMap<>();
    // Readers that predate copy regions (and shared JPEG tables) refuse versions 2 and 3; without
    // copies the engine writes version 1, whole images, which they still read.
    m.put("formatVersion", (long) (config.scrollCopies()
        ? io.screentrail.session.SessionFormat.VERSION
        : io.screentrail.session.SessionFormat.VERSION_WITHOUT_COPIES));
    m.put("engine", Map.of("name", "screentrail", "version", Version.VERSION));
    m.put("sessionId", java.util.UUID.randomUUID().toString());
    m.put("createdAt", java.time.Instant.ofEpochMilli(startWall).toString());
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
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("global", inputUnavailable == null);
    in.put("reason", inputUnavailable);
    in.put("mode", config.inputMode().name().toLowerCase(java.util.Locale.ROOT));
    m.put("input", in);
    m.put("config", config.describe());
    if (config.policy() != null) {
      // What the session was allowed to contain, provable from the manifest alone.
      m.put("purpose", config.policy().purpose());
      m.put("policy", Map.of("hash", config.policy().hash(), "rules", config.policy().rules()));
    }
    Map<String, Object> hints = new LinkedHashMap<>();
    hints.put("used", damage != null);
    hints.put("reason", damageUnavailable);
    m.put("damageHints", hints);
    return m;
  }

  private void runCapture() {
    try {
      captureLoop.run();
    } catch (RuntimeException | Error e) {
      fail("capture", e);
    } finally {
      // Actions still forming when capture stops are closed with the frames seen so far.
      inputLoop.stop();
      join(inputThread);
      captureLoop.finishRemaining();
      captureDone = true;
    }
  }

  /** How long the encoder waits for a frame while records keep arriving. */
  private static final long ENCODER_BUSY_WAIT_MILLIS = 20;
  /**
   * How long it waits once no record arrived for a second. A frame still wakes it at once (it waits
   * on the frame queue); only records (events, actions) and the heartbeat wait longer, until the
   * first of them switches it back. Waking every 20 ms cost 0.28 CPU s a minute on a screen with
   * nothing to record, as much as the rest of the engine.
   */
  private static final long ENCODER_IDLE_WAIT_MILLIS = 250;
  private long encoderLastWork;

  private long encoderWaitMillis() {
    return captureDone || System.nanoTime() - encoderLastWork < 1_000_000_000L
        ? ENCODER_BUSY_WAIT_MILLIS : ENCODER_IDLE_WAIT_MILLIS;
  }

  private void encoderLoop() {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    try {
      while (true) {
        FrameSlot slot = ready.poll(encoderWaitMillis(), TimeUnit.MILLISECONDS);
        // Only records keep it waking often: a frame wakes the poll by itself, so at a steady
        // 1 fps the short wait would be 50 wake-ups a second for nothing.
        if (!records.isEmpty()) {
          encoderLastWork = System.nanoTime();
        }
        if (slot != null) {
          process(slot);
        }
        writeRecords();
        if (slot == null && captureDone && ready.isEmpty() && records.isEmpty()
            && !inputThread.isAlive()) {
          break;
        }
        if (failure == null) {
          store.heartbeat(ticker.nanoTime(), ticker.wallMillis());
          watchStorage(ticker.nanoTime());
          nativeHeap.maybeTrim(ticker.nanoTime());
        }
        counters.encoderCpu.set(THREADS.getCurrentThreadCpuTime() - cpuStart);
      }
      if (failure == null) {
        String reason = storageStopReason != null ? storageStopReason
            : captureLoop.stopReason() != null ? captureLoop.stopReason() : "closed";
        endReason = reason;
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

  /**
   * Writes queued event and action records. An action's after frame was handed to the encoder
   * before the action was queued, so the frames waiting are stored first: no record references a
   * frame that is not on disk yet.
   */
  private void writeRecords() throws IOException {
    Object item;
    if (failure != null) {
      // Nothing more can be written; drain, so the encoder can finish, and count what is lost.
      while ((item = records.poll()) != null) {
        if (item instanceof EventItem) {
          counters.eventRecordsDropped.incrementAndGet();
        }
      }
      return;
    }
    while ((item = records.poll()) != null) {
      if (item instanceof PendingAction p) {
        FrameSlot slot;
        while ((slot = ready.poll()) != null) {
          process(slot);
        }
        timelineRecords.writeAction(p);
        counters.actions.incrementAndGet();
      } else if (item instanceof PauseControl.Marker m) {
        timelineRecords.writePause(m);
      } else {
        timelineRecords.writeEvent((EventItem) item);
      }
    }
  }

  private void process(FrameSlot slot) {
    try {
      if (failure != null || storageStopReason != null) {
        counters.dropped.incrementAndGet();
        return;
      }
      if (segmentDue(ticker.nanoTime())) {
        startNextSegment();
      }
      if (atByteCap()) {
        counters.dropped.incrementAndGet();
        stopForStorage("budget", "recording stopped: the session reached its cap of "
            + config.storage().maxSessionBytes() + " bytes (maxSessionBytes, --max-bytes)");
        return;
      }
      long before = writer.bytesWritten();
      int result = store.store(slot);
      largestFrameBytes = Math.max(largestFrameBytes, writer.bytesWritten() - before);
      if (result == FrameStore.STORED) {
        framesInSegment++;
      }
      if (result == FrameStore.UNCHANGED) {
        counters.skipped.incrementAndGet();
      } else if (result == FrameStore.DROPPED_UNREAD) {
        // Never stored raw: dropped, counted, and the next frame is stored whole.
        counters.dropped.incrementAndGet();
        resync.set(true);
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
      free.addFirst(slot);
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
    // Capturing on would only drop frames, and the encoder waits for capture to finish.
    if (captureLoop != null) {
      captureLoop.stop();
    }
  }

  /** A snapshot of the counters; cheap, callable from any thread. */
  public CaptureStats stats() {
    long elapsed = started ? ticker.nanoTime() - startNanos : 0;
    return counters.snapshot(elapsed);
  }

  /**
   * Where an embedding agent with input hooks of its own submits events; the global hook, when
   * enabled, feeds the same sink. Non-blocking and callable from any thread.
   */
  public InputSink input() {
    return input;
  }

  /** Why global input is not captured, or {@code null} when it is. Valid after {@link #start()}. */
  public String inputUnavailable() {
    return inputUnavailable;
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

  /**
   * The session directory being written: {@link #sessionDirectory()}, or with segments the
   * current segment's directory inside it. Valid after {@link #start()}.
   */
  public Path currentSessionDirectory() {
    return currentDirectory;
  }

  /** Whether the engine is recording. */
  public boolean isRunning() {
    return running;
  }

  /**
   * Why the recording ended, as its end record says ({@code closed}, {@code duration}, {@code
   * budget}, {@code disk_low}); {@code null} while recording or when it failed.
   */
  public String endReason() {
    return endReason;
  }

  /**
   * Why recording stopped for storage, naming the cap or the free space and what to do, or
   * {@code null}. The end reason is then {@code budget} or {@code disk_low}.
   */
  public String storageStop() {
    return storageStopMessage;
  }

  /** Sessions of the recording root that retention removed while this engine ran. */
  public long sessionsRemoved() {
    return counters.sessionsRemoved.get();
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
      if (captureLoop != null) {
        captureLoop.stop();
      }
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
    if (hook != null) {
      hook.close();
    }
    if (focusWatcher != null) {
      focusWatcher.close();
    }
    if (focus != null) {
      focus.close();
    }
    if (policyMask != null) {
      policyMask.close();
    }
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
    if (damage != null) {
      damage.close();
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
    private Duration keyframeMaxAge = Duration.ofSeconds(120);
    private double keyframeAreaRatio = 0.5;
    private int queueCapacity = 3;
    private Duration syncInterval = Duration.ofSeconds(1);
    private Duration maxDuration;
    private Ticker ticker = Ticker.system();
    private FrameListener frameListener;
    private ErrorHandler errorHandler = ErrorHandler.printing();
    private InputMode inputMode = InputMode.API_ONLY;
    private int inputQueueCapacity = 4096;
    private Duration multiClick = Duration.ofMillis(400);
    private Duration typingPause = Duration.ofMillis(500);
    private Duration scrollEnd = Duration.ofMillis(300);
    private int dragThreshold = 5;
    private Duration settlePoll = Duration.ofMillis(30);
    private Duration settleQuiet = Duration.ofMillis(300);
    private Duration settleTimeout = Duration.ofSeconds(3);
    private RedactionMode redaction = RedactionMode.BLUR;
    private OcrFailurePolicy ocrFailurePolicy = OcrFailurePolicy.BLUR_UNREAD;
    private Duration ocrBudget = Duration.ofSeconds(4);
    private int ocrThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private int ocrMinConfidence = 35;
    private int ocrCacheLines = 10_000;
    private Policy policy;
    private KeyProvider encryption;
    private long maxSessionBytes;
    private long minFreeBytes = -1;
    private Path retentionRoot;
    private long maxRootBytes;
    private Duration maxAge;
    private Duration segmentDuration;
    private long segmentMaxBytes;
    private boolean damageHints = true;
    private Duration damageCheckInterval = Duration.ofSeconds(10);
    private double cpuBudget;
    private Duration cpuBudgetWindow = Duration.ofMinutes(1);
    private boolean scrollCopies = true;
    private int opencvThreads = -1;

    private Builder() {}

    /**
     * What may be recorded: designated applications (every pixel outside their visible windows
     * is blanked before any stage sees it), keystroke masking, the pause hotkey and the declared
     * purpose, stored in the manifest. Default {@code null}: everything, typed text as typed.
     */
    public Builder policy(Policy policy) {
      this.policy = policy;
      return this;
    }

    /**
     * Whether to use the X server's DAMAGE extension, where it has one, so that an unchanged
     * screen is neither grabbed nor hashed and a changed one only where it was redrawn. Without
     * it (or on other sources) every tick grabs and hashes the whole frame. Default true.
     */
    public Builder damageHints(boolean use) {
      this.damageHints = use;
      return this;
    }

    /** How often a full grab and hash checks the damage hints, in [1 s, 1 h]. Default 10 s. */
    public Builder damageCheckInterval(Duration interval) {
      this.damageCheckInterval = between("damageCheckInterval", interval, 1_000, 3_600_000);
      return this;
    }

    /**
     * Splits the recording into segments: {@code sessionDirectory} becomes a recording directory
     * holding one session directory per segment (named by its UTC start time and number), each
     * complete and readable alone, starting with a whole frame. A new segment starts after
     * {@code every} (at least 10 s; {@code null}: no time limit) or before a segment passes
     * {@code maxBytes} (at least 1 MiB; 0: no size limit). Default: one session, no segments.
     */
    public Builder segments(Duration every, long maxBytes) {
      if (every != null && every.compareTo(Duration.ofSeconds(10)) < 0) {
        throw new IllegalArgumentException("segment duration must be at least 10s, was "
            + every);
      }
      if (maxBytes != 0 && maxBytes < 1 << 20) {
        throw new IllegalArgumentException("segment maxBytes must be 0 (no limit) or at least"
            + " 1048576 (1 MiB), was " + maxBytes);
      }
      if (every == null && maxBytes == 0) {
        throw new IllegalArgumentException("segments need a duration or a size; give one");
      }
      this.segmentDuration = every;
      this.segmentMaxBytes = maxBytes;
      return this;
    }

    /**
     * Encrypts every frame and timeline record with AES-256-GCM under the key {@code keys}
     * gives (asked once, at {@link CaptureEngine#start()}); {@code null} (default) writes a
     * plaintext session. Readers then need the key: {@code SessionReader.open(dir, keys)}.
     */
    public Builder encryption(KeyProvider keys) {
      this.encryption = keys;
      return this;
    }

    /**
     * Caps the session's files at this many bytes: recording stops cleanly, end reason {@code
     * budget}, before the next frame could pass it. At least 1 MiB, or 0 (default) for no cap.
     */
    public Builder maxSessionBytes(long bytes) {
      if (bytes != 0 && bytes < 1 << 20) {
        throw new IllegalArgumentException("maxSessionBytes must be 0 (no cap) or at least"
            + " 1048576 (1 MiB), was " + bytes);
      }
      this.maxSessionBytes = bytes;
      return this;
    }

    /**
     * Stops recording cleanly (end reason {@code disk_low}) when the session's file system has
     * less usable space than this; checked at start and every 2 s. 0 never stops for it; default
     * max(256 MiB, 1% of the file system).
     */
    public Builder minFreeBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("minFreeBytes must be 0 or more, was " + bytes);
      }
      this.minFreeBytes = bytes;
      return this;
    }

    /**
     * Keeps the recording root {@code root} (the directory holding this and earlier sessions)
     * within {@code maxBytes} (0: no cap) and removes its sessions older than {@code maxAge}
     * ({@code null}: keep), oldest first and never the session being written; removals are
     * logged in {@code root/removed.jsonl}. Checked at start and every minute. Default: nothing
     * is ever removed.
     */
    public Builder retention(Path root, long maxBytes, Duration maxAge) {
      Objects.requireNonNull(root, "root");
      if (maxBytes != 0 && maxBytes < 1 << 20) {
        throw new IllegalArgumentException("retention maxBytes must be 0 (no cap) or at least"
            + " 1048576 (1 MiB), was " + maxBytes);
      }
      if (maxAge != null && maxAge.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("retention maxAge must be at least 1 minute, was "
            + maxAge);
      }
      this.retentionRoot = root;
      this.maxRootBytes = maxBytes;
      this.maxAge = maxAge;
      return this;
    }

    /**
     * A CPU ceiling: the process's CPU time as a share of one core ({@code 0.05} for 5%, up to
     * 64 cores), averaged over {@code window} (in [1 s, 1 h]). Over it the engine halves the
     * periodic rate step by step (to 1/8), then narrows OCR to the changed lines, then limits
     * Tesseract reads to 8, 4, 2 and 1 a frame, never none (the lowest changed row, where a
     * terminal asks for a password, is read first and whole; lines past the allowance are
     * hidden whole unread and read later, when it has room); it never skips redaction. Levels come back when the
     * share falls well under the budget. Every change is counted in {@link CaptureStats}. Zero
     * (default) means no budget.
     */
    public Builder cpuBudget(double shareOfOneCore, Duration window) {
      if (!(shareOfOneCore >= 0 && shareOfOneCore <= 64)) {
        throw new IllegalArgumentException("cpuBudget must be in [0, 64] cores (0.05 is 5% of"
            + " one core, 0 none), was " + shareOfOneCore);
      }
      this.cpuBudgetWindow = between("cpuBudget window", window, 1_000, 3_600_000);
      this.cpuBudget = shareOfOneCore;
      return this;
    }

    /**
     * How sensitive text is hidden before frames are stored: BLUR (default), PIXELATE, or OFF to
     * store frames as captured.
     */
    public Builder redaction(RedactionMode mode) {
      this.redaction = Objects.requireNonNull(mode, "redaction");
      return this;
    }

    /** What happens to a frame whose text OCR did not all read. Default BLUR_UNREAD. */
    public Builder ocrFailurePolicy(OcrFailurePolicy policy) {
      this.ocrFailurePolicy = Objects.requireNonNull(policy, "ocrFailurePolicy");
      return this;
    }

    /** Longest OCR time per frame, in [10 ms, 60 s]. Default 4 s. */
    public Builder ocrBudget(Duration budget) {
      this.ocrBudget = between("ocrBudget", budget, 10, 60_000);
      return this;
    }

    /** OCR worker threads, in [1, 16]. Default: the cores, at most 4. */
    public Builder ocrThreads(int threads) {
      if (threads < 1 || threads > 16) {
        throw new IllegalArgumentException("ocrThreads must be in [1, 16], was " + threads);
      }
      this.ocrThreads = threads;
      return this;
    }

    /** Lines read with a lower mean confidence are hidden, in [0, 100]. Default 35. */
    public Builder ocrMinConfidence(int confidence) {
      if (confidence < 0 || confidence > 100) {
        throw new IllegalArgumentException("ocrMinConfidence must be in [0, 100], was "
            + confidence);
      }
      this.ocrMinConfidence = confidence;
      return this;
    }

    /**
     * OCR results remembered by line pixels, in [0, 10000000]. Default 10000: about a quarter
     * of an hour of a busy desktop's new lines (10 a second), after which the cache's memory
     * (about 5 MB) stops growing; lines seen often stay longer (Caffeine keeps by frequency).
     */
    public Builder ocrCacheLines(int lines) {
      if (lines < 0 || lines > 10_000_000) {
        throw new IllegalArgumentException("ocrCacheLines must be in [0, 10000000], was "
            + lines);
      }
      this.ocrCacheLines = lines;
      return this;
    }

    /** Whether to install the global input hook. Default {@link InputMode#API_ONLY}. */
    public Builder inputMode(InputMode mode) {
      this.inputMode = Objects.requireNonNull(mode, "inputMode");
      return this;
    }

    /** Input events that may wait for the input thread, in [64, 1048576]. Default 4096. */
    public Builder inputQueueCapacity(int events) {
      if (events < 64 || events > 1 << 20) {
        throw new IllegalArgumentException("inputQueueCapacity must be in [64, 1048576], was "
            + events);
      }
      this.inputQueueCapacity = events;
      return this;
    }

    /** Double-click interval, in [50 ms, 2 s]. Default 400 ms. */
    public Builder multiClick(Duration interval) {
      this.multiClick = between("multiClick", interval, 50, 2_000);
      return this;
    }

    /** Pause that ends a run of typed text, in [100 ms, 10 s]. Default 500 ms. */
    public Builder typingPause(Duration pause) {
      this.typingPause = between("typingPause", pause, 100, 10_000);
      return this;
    }

    /** Pause that ends a scroll gesture, in [50 ms, 5 s]. Default 300 ms. */
    public Builder scrollEnd(Duration pause) {
      this.scrollEnd = between("scrollEnd", pause, 50, 5_000);
      return this;
    }

    /** Movement in pixels that turns a press into a drag, in [1, 100]. Default 5. */
    public Builder dragThreshold(int pixels) {
      if (pixels < 1 || pixels > 100) {
        throw new IllegalArgumentException("dragThreshold must be in [1, 100], was " + pixels);
      }
      this.dragThreshold = pixels;
      return this;
    }

    /** Capture interval while an action waits for the screen to settle, in [10 ms, 1 s]. Default 30 ms. */
    public Builder settlePoll(Duration interval) {
      this.settlePoll = between("settlePoll", interval, 10, 1_000);
      return this;
    }

    /** How long the screen must stay unchanged to count as settled, in [50 ms, 10 s]. Default 300 ms. */
    public Builder settleQuiet(Duration quiet) {
      this.settleQuiet = between("settleQuiet", quiet, 50, 10_000);
      return this;
    }

    /** Longest wait for the screen to settle, in [100 ms, 60 s]. Default 3 s. */
    public Builder settleTimeout(Duration timeout) {
      this.settleTimeout = between("settleTimeout", timeout, 100, 60_000);
      return this;
    }

    private static Duration between(String name, Duration d, long minMillis, long maxMillis) {
      if (d == null || d.toMillis() < minMillis || d.toMillis() > maxMillis) {
        throw new IllegalArgumentException(name + " must be in [" + minMillis + "ms, "
            + maxMillis + "ms], was " + (d == null ? null : d.toMillis() + "ms"));
      }
      return d;
    }

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

    /**
     * At most this long between two whole frames, at least 1 s. Default 120 s: a whole 1080p
     * frame is 270-350 KB, at 60 s a sixth of what a busy desktop stores, while a reader that
     * seeks applies about 2 ms of deltas per stored frame since the last whole one.
     */
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

    /**
     * Whether content that moved (a scrolled terminal or page) is stored as copies of rows the
     * reader already has, so only the new rows are encoded (session format version 3, which also
     * stores the JPEG tables once). {@code false} stores every changed pixel as a whole image
     * (format version 1, for readers that predate copies). Default {@code true}.
     */
    public Builder scrollCopies(boolean enabled) {
      this.scrollCopies = enabled;
      return this;
    }

    /**
     * How many threads OpenCV's own pool may use for one image operation (colour conversion, JPEG,
     * redaction's line finding). OpenCV keeps this setting for the whole process, so the engine
     * changes it only when asked: an application that uses OpenCV itself may want its pool. {@code
     * 1} runs each call on the thread that makes it; on the engine's small per-frame regions a
     * second thread gains little, and an idle pool thread spins in {@code sched_yield} after every
     * call. {@code record} sets 1. Default -1: OpenCV's setting is left as it is.
     */
    public Builder opencvThreads(int threads) {
      if (threads != -1 && threads < 1) {
        throw new IllegalArgumentException("opencvThreads must be -1 (leave OpenCV's setting) or"
            + " at least 1, was " + threads);
      }
      this.opencvThreads = threads;
      return this;
    }

    /** The validated, immutable settings. */
    public CaptureConfig buildConfig() {
      if (sessionDirectory == null) {
        throw new IllegalStateException("sessionDirectory is required");
      }
      return new CaptureConfig(sessionDirectory, fps, source, display, screen, format,
          jpegQuality, tileSize, keyframeInterval, keyframeMaxAge, keyframeAreaRatio,
          queueCapacity, syncInterval, maxDuration, ticker, frameListener, errorHandler,
          inputMode, inputQueueCapacity, multiClick, typingPause, scrollEnd, dragThreshold,
          settlePoll, settleQuiet, settleTimeout, redaction, ocrFailurePolicy, ocrBudget,
          ocrThreads, ocrMinConfidence, ocrCacheLines, policy, encryption,
          new StorageLimits(maxSessionBytes, minFreeBytes, retentionRoot, maxRootBytes, maxAge,
              segmentDuration, segmentMaxBytes), damageHints, damageCheckInterval, cpuBudget,
          cpuBudgetWindow, scrollCopies, opencvThreads);
    }

    /** An engine with these settings, not started yet. */
    public CaptureEngine build() {
      return new CaptureEngine(buildConfig());
    }
  }
}
