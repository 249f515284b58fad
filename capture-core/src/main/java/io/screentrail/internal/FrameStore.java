package io.screentrail.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.screentrail.CaptureConfig;
import io.screentrail.FrameListener;
import io.screentrail.StoredFrame;
import io.screentrail.diff.PixelRefiner;
import io.screentrail.diff.TileRegions;
import io.screentrail.encode.FrameEncoder;
import io.screentrail.internal.json.JsonWriter;
import io.screentrail.session.SessionWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The encoder thread's work on one changed frame: narrow the changed tiles to the pixels that
 * changed against the last stored frame, encode those regions (or the whole frame, as a keyframe),
 * append the images and then the frame's timeline record.
 *
 * <p>It keeps the last stored frame as raw BGR pixels (the "canvas"), which is what a reader
 * rebuilds up to compression loss, so each delta is exact against what the reader will have.
 * Runs on the encoder thread only. All Mats are allocated at start; a frame costs a few Mat
 * headers and OpenCV's output vector per region.
 */
public final class FrameStore implements AutoCloseable {

  private final CaptureConfig config;
  private final SessionWriter writer;
  private final EngineCounters counters;
  private final FrameListener listener;
  private final int width;
  private final int height;
  private final long frameArea;
  private final long tileArea;
  private final TileRegions regions;
  private final PixelRefiner refiner;
  private final FrameEncoder encoder;
  private final Mat current;
  private final Mat canvas;
  private final Rect roi = new Rect();
  private final RectList coarse = new RectList(64);
  private final RectList tight = new RectList(64);
  private final JsonWriter json = new JsonWriter(4096);
  private long[] blobOffsets = new long[64];
  private int[] blobLengths = new int[64];
  private int[] blobCrcs = new int[64];
  private boolean haveCanvas;
  private long sequence;
  private long storedSinceKey;
  private long lastKeyNanos;
  private long lastStatsNanos;
  private long startNanos;

  public FrameStore(CaptureConfig config, SessionWriter writer, EngineCounters counters,
      int width, int height) {
    this.config = config;
    this.writer = writer;
    this.counters = counters;
    this.listener = config.frameListener();
    this.width = width;
    this.height = height;
    this.frameArea = (long) width * height;
    this.tileArea = (long) config.tileSize() * config.tileSize();
    this.regions = new TileRegions(width, height, config.tileSize());
    this.refiner = new PixelRefiner(width, height);
    this.encoder = new FrameEncoder(config.format(), config.jpegQuality());
    this.current = new Mat(height, width, CV_8UC3);
    this.canvas = new Mat(height, width, CV_8UC3);
  }

  /**
   * Writes the session's first record. Its time is the session's zero: record times are
   * {@code mono} nanoseconds after {@code startNanos}.
   */
  public void writeStart(long startNanos, long wallMillis) throws IOException {
    this.startNanos = startNanos;
    this.lastStatsNanos = startNanos;
    json.reset().beginObject().field("type", "start").field("mono", 0L)
        .field("wall", wallMillis).endObject();
    writer.appendRecord(json);
  }

  /** Result of {@link #store}: stored, found unchanged, or not encodable. */
  public static final int STORED = 0;

  /** The frame's only differences were in bytes that are not shown; nothing was stored. */
  public static final int UNCHANGED = 1;

  /** OpenCV could not encode the frame; nothing was stored and the next frame must be whole. */
  public static final int ENCODE_FAILED = 2;

  /**
   * Stores one changed frame.
   *
   * @return {@link #STORED}, {@link #UNCHANGED} or {@link #ENCODE_FAILED}
   * @throws IOException when the session cannot be written: the recording cannot go on
   */
  public int store(FrameSlot slot) throws IOException {
    long t0 = System.nanoTime();
    boolean key = slot.forceKeyframe
        || !haveCanvas
        || storedSinceKey >= config.keyframeInterval()
        || slot.monoNanos - lastKeyNanos >= config.keyframeMaxAge().toNanos()
        || slot.changedTileCount * tileArea >= config.keyframeAreaRatio() * frameArea;
    if (!key) {
      regions.group(slot.changedTiles, coarse);
      for (int i = 0; i < coarse.size(); i++) {
        convert(slot.pixels, coarse.x(i), coarse.y(i), coarse.width(i), coarse.height(i));
      }
      refiner.refine(current, canvas, coarse, tight);
      if (tight.size() == 0) {
        return UNCHANGED;
      }
      key = tight.area() >= config.keyframeAreaRatio() * frameArea;
    }
    if (key) {
      cvtColor(slot.pixels, current, COLOR_BGRA2BGR);
      tight.clear();
      tight.add(0, 0, width, height);
    }
    ensureRegionCapacity(tight.size());
    long bytes = 0;
    long encodeNanos = 0;
    long writeNanos = 0;
    for (int i = 0; i < tight.size(); i++) {
      long e0 = System.nanoTime();
      int status = key ? encoder.encode(current)
          : encoder.encode(current, tight.x(i), tight.y(i), tight.width(i), tight.height(i));
      long e1 = System.nanoTime();
      encodeNanos += e1 - e0;
      if (status != FrameEncoder.ENCODED) {
        // Images already appended stay unreferenced; the reader ignores them.
        haveCanvas = false;
        return ENCODE_FAILED;
      }
      ByteBuffer out = encoder.output();
      bytes += out.remaining();
      blobLengths[i] = out.remaining();
      blobOffsets[i] = writer.appendBlob(out);
      blobCrcs[i] = writer.lastBlobCrc();
      writeNanos += System.nanoTime() - e1;
    }
    long w0 = System.nanoTime();
    writeFrameRecord(slot, key);
    writer.maybeSync(w0);
    long w1 = System.nanoTime();
    if (key) {
      current.copyTo(canvas);
      haveCanvas = true;
      storedSinceKey = 0;
      lastKeyNanos = slot.monoNanos;
      counters.keyframes.incrementAndGet();
    } else {
      for (int i = 0; i < tight.size(); i++) {
        roi.x(tight.x(i)).y(tight.y(i)).width(tight.width(i)).height(tight.height(i));
        try (Mat from = current.apply(roi);
            Mat to = canvas.apply(roi)) {
          from.copyTo(to);
        }
      }
      storedSinceKey++;
    }
    counters.stored.incrementAndGet();
    counters.bytes.set(writer.bytesWritten());
    counters.encodeTime.record(w0 - t0 - writeNanos);
    counters.writeTime.record(writeNanos + (w1 - w0));
    long seq = sequence++;
    if (listener != null) {
      listener.onFrameStored(new StoredFrame(seq, slot.monoNanos - startNanos, slot.wallMillis,
          key, tight.size(), tight.area(), bytes));
    }
    return STORED;
  }

  private void convert(Mat bgrx, int x, int y, int w, int h) {
    roi.x(x).y(y).width(w).height(h);
    try (Mat from = bgrx.apply(roi);
        Mat to = current.apply(roi)) {
      cvtColor(from, to, COLOR_BGRA2BGR);
    }
  }

  private void ensureRegionCapacity(int n) {
    if (blobOffsets.length < n) {
      blobOffsets = new long[n * 2];
      blobLengths = new int[n * 2];
      blobCrcs = new int[n * 2];
    }
  }

  private void writeFrameRecord(FrameSlot slot, boolean key) throws IOException {
    json.reset().beginObject()
        .field("type", "frame")
        .field("seq", sequence)
        .field("capture", slot.captureIndex)
        .field("mono", slot.monoNanos - startNanos)
        .field("wall", slot.wallMillis)
        .field("key", key)
        .field("format", config.format().id())
        .field("changedTiles", (long) slot.changedTileCount);
    json.name("regions").beginArray();
    for (int i = 0; i < tight.size(); i++) {
      json.beginObject()
          .field("x", (long) tight.x(i))
          .field("y", (long) tight.y(i))
          .field("w", (long) tight.width(i))
          .field("h", (long) tight.height(i))
          .field("off", blobOffsets[i])
          .field("len", (long) blobLengths[i])
          .field("crc", Integer.toUnsignedLong(blobCrcs[i]))
          .endObject();
    }
    json.endArray();
    json.name("stats");
    statsObject(1);
    json.endObject();
    writer.appendRecord(json);
  }

  /** Counters as an object; {@code pendingStored} counts the frame being written. */
  private void statsObject(int pendingStored) {
    json.beginObject()
        .field("captured", counters.captured.get())
        .field("stored", counters.stored.get() + pendingStored)
        .field("skipped", counters.skipped.get())
        .field("dropped", counters.dropped.get())
        .field("captureErrors", counters.captureErrors.get());
    inputCounters();
    json.endObject();
  }

  private void inputCounters() {
    json.field("events", counters.eventsWritten.get())
        .field("eventsDropped", counters.inputEventsDropped())
        .field("pointerMoves", counters.pointerMoves.get())
        .field("pointerMovesCoalesced", counters.pointerMovesCoalesced.get())
        .field("actions", counters.actions.get())
        .field("actionsUnsettled", counters.actionsUnsettled.get());
  }

  /** Writes a stats record every few seconds and forces data to disk on the sync interval. */
  public void heartbeat(long nowNanos, long wallMillis) throws IOException {
    if (nowNanos - lastStatsNanos >= 5_000_000_000L) {
      lastStatsNanos = nowNanos;
      json.reset().beginObject().field("type", "stats").field("mono", nowNanos - startNanos)
          .field("wall", wallMillis)
          .field("captured", counters.captured.get())
          .field("stored", counters.stored.get())
          .field("skipped", counters.skipped.get())
          .field("dropped", counters.dropped.get())
          .field("captureErrors", counters.captureErrors.get())
          .field("bytes", writer.bytesWritten());
      inputCounters();
      json.endObject();
      writer.appendRecord(json);
    }
    writer.maybeSync(nowNanos);
  }

  /** Writes the end record. */
  public void writeEnd(long nowNanos, long wallMillis, String reason) throws IOException {
    json.reset().beginObject().field("type", "end").field("mono", nowNanos - startNanos)
        .field("wall", wallMillis).field("reason", reason);
    json.name("stats");
    statsObject(0);
    json.endObject();
    writer.appendRecord(json);
  }

  @Override
  public void close() {
    refiner.close();
    encoder.close();
    current.close();
    canvas.close();
    roi.close();
  }
}
