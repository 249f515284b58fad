package io.screentrail.session;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import io.screentrail.CaptureConfig;
import io.screentrail.CaptureEngine;
import io.screentrail.ImageFormat;
import io.screentrail.diff.TileChangeDetector;
import io.screentrail.internal.BandCopier;
import io.screentrail.internal.EngineCounters;
import io.screentrail.internal.FrameSlot;
import io.screentrail.internal.FrameStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Drives the engine's detector and frame store with generated frames (rectangles of text-like
 * noise moving over a flat background), the way the capture thread does, for unit tests of the
 * session format and reconstruction that need exact control over the pixels.
 */
final class SyntheticRecording implements AutoCloseable {

  final int width;
  final int height;
  final ByteBuffer screen;
  final List<int[]> stored = new ArrayList<>();
  private final Random random;
  private final SessionWriter writer;
  private final FrameStore store;
  private final TileChangeDetector detector;
  /** Slots taken last returned first and filled by the copier, as the engine's capture thread. */
  private final java.util.ArrayDeque<FrameSlot> free = new java.util.ArrayDeque<>();
  private final List<FrameSlot> slots = new ArrayList<>();
  private final BandCopier copier;
  private final Mat screenMat;
  private final BytePointer screenPointer;
  private final EngineCounters counters = new EngineCounters();
  private long tick;

  SyntheticRecording(Path dir, int width, int height, ImageFormat format, long seed)
      throws IOException {
    this(dir, width, height, format, seed, null);
  }

  /** A recording encrypted under the key {@code keys} gives, or plaintext when it is null. */
  SyntheticRecording(Path dir, int width, int height, ImageFormat format, long seed,
      KeyProvider keys) throws IOException {
    this(dir, width, height, format, seed, keys, true);
  }

  /** As above; {@code scrollCopies} false stores moved content as images (format version 1). */
  SyntheticRecording(Path dir, int width, int height, ImageFormat format, long seed,
      KeyProvider keys, boolean scrollCopies) throws IOException {
    this(dir, width, height, format, seed, keys, scrollCopies,
        scrollCopies ? SessionFormat.VERSION : SessionFormat.VERSION_WITHOUT_COPIES);
  }

  /** As above, writing format {@code version} (2: copies, every image whole, as before 3). */
  SyntheticRecording(Path dir, int width, int height, ImageFormat format, long seed,
      KeyProvider keys, boolean scrollCopies, int version) throws IOException {
    this.width = width;
    this.height = height;
    this.random = new Random(seed);
    CaptureConfig config = CaptureEngine.builder().sessionDirectory(dir).format(format)
        .tileSize(32).keyframeInterval(5).scrollCopies(scrollCopies).buildConfig();
    this.screen = ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
    fill(0, 0, width, height, 0x203040);
    this.screenPointer = new BytePointer(screen);
    this.writer = SessionWriter.create(dir, Map.of("geometry", Map.of("width", (long) width,
        "height", (long) height), "formatVersion", (long) version), 0, keys);
    this.store = new FrameStore(config, writer, counters, width, height, null);
    store.writeStart(0, 1_700_000_000_000L);
    this.detector = new TileChangeDetector(width, height, 32);
    for (int i = 0; i < 3; i++) {
      slots.add(new FrameSlot(width, height, detector.tileCount()));
    }
    free.addAll(slots);
    this.copier = new BandCopier(detector.tilesX(), detector.tilesY(), 32, width, height);
    this.screenMat = new Mat(height, width, CV_8UC4, screenPointer);
  }

  /** Paints {@code 0xRRGGBB} into a rectangle of the screen (the X byte set to 0xFF). */
  void fill(int x, int y, int w, int h, int rgb) {
    for (int yy = y; yy < y + h; yy++) {
      for (int xx = x; xx < x + w; xx++) {
        screen.putInt((yy * width + xx) * 4, 0xFF000000 | rgb);
      }
    }
  }

  /** Paints a random change: a small "typed word", a scrolled block, or a big repaint. */
  void randomChange() {
    int kind = random.nextInt(10);
    int w = kind == 0 ? width : 4 + random.nextInt(kind < 7 ? 40 : width / 2);
    int h = kind == 0 ? height : 2 + random.nextInt(kind < 7 ? 14 : height / 2);
    int x = random.nextInt(width - w + 1);
    int y = random.nextInt(height - h + 1);
    for (int yy = y; yy < y + h; yy++) {
      for (int xx = x; xx < x + w; xx++) {
        screen.putInt((yy * width + xx) * 4, 0xFF000000 | random.nextInt(0x1000000));
      }
    }
  }

  /**
   * Scrolls a rectangle by {@code dy} rows (negative: the content moves up, as a terminal does)
   * and paints new text-like rows where the content left.
   */
  void scroll(int x, int y, int w, int h, int dy) {
    int[] moved = new int[w * h];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        moved[r * w + c] = screen.getInt(((y + r) * width + x + c) * 4);
      }
    }
    for (int r = 0; r < h; r++) {
      int src = r - dy;
      for (int c = 0; c < w; c++) {
        int v = src >= 0 && src < h ? moved[src * w + c]
            : (c % 7 < 4 && r % 13 < 9 ? 0xFF000000 | random.nextInt(0x1000000) : 0xFF203040);
        screen.putInt(((y + r) * width + x + c) * 4, v);
      }
    }
  }

  /** One capture tick: detect, and store when changed. Returns whether a frame was stored. */
  boolean capture() throws IOException {
    int changed = detector.detect(screen, width * 4);
    tick++;
    if (changed == 0) {
      return false;
    }
    // The engine's hand-off: the slot gets the tiles changed since it was last filled, as BGR;
    // the encoder swaps its buffers with its canvas, and it goes back to the front.
    FrameSlot slot = free.poll();
    detector.copyMask(slot.changedTiles);
    slot.copyVersion =
        copier.handOff(screenMat, slot.pixels, slot.copyVersion, slot.changedTiles);
    slot.changedTileCount = changed;
    slot.captureIndex = tick;
    slot.monoNanos = tick * 500_000_000L;
    slot.wallMillis = 1_700_000_000_000L + tick * 500;
    detector.commit();
    int result = store.store(slot);
    free.addFirst(slot);
    if (result == FrameStore.STORED) {
      stored.add(snapshotRgb());
      return true;
    }
    return false;
  }

  int[] snapshotRgb() {
    int[] rgb = new int[width * height];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = screen.getInt(i * 4) & 0xFFFFFF;
    }
    return rgb;
  }

  @Override
  public void close() throws IOException {
    store.writeEnd(tick * 500_000_000L, 1_700_000_000_000L + tick * 500, "closed");
    writer.close();
    store.close();
    for (FrameSlot s : slots) {
      s.close();
    }
    copier.close();
    screenMat.close();
    screenPointer.close();
  }
}
