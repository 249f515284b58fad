package io.screentrail.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.screentrail.CaptureConfig;
import io.screentrail.FrameListener;
import io.screentrail.StoredFrame;
import io.screentrail.diff.PixelRefiner;
import io.screentrail.diff.ScrollFinder;
import io.screentrail.diff.TileRegions;
import io.screentrail.encode.FrameEncoder;
import io.screentrail.encode.RegionMerger;
import io.screentrail.OcrFailurePolicy;
import io.screentrail.internal.json.JsonWriter;
import io.screentrail.redact.Redaction;
import io.screentrail.redact.detect.Category;
import io.screentrail.redact.Redactor;
import io.screentrail.session.JpegTables;
import io.screentrail.session.SessionFormat;
import io.screentrail.session.SessionWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The encoder thread's work on one changed frame: narrow the changed tiles to the pixels that
 * changed against the last stored frame, encode those regions (or the whole frame, as a keyframe),
 * append the images and then the frame's timeline record.
 *
 * <p>It keeps the last stored frame as raw BGR pixels (the "canvas"), which is what a reader
 * rebuilds up to compression loss, so each delta is exact against what the reader will have. The
 * canvas is the stored frame's own slot buffer, swapped with the slot's instead of copied.
 * With scroll copies on it also keeps the last stored pixels after redaction (the "stored"
 * frame): content that moved is found there by {@link ScrollFinder} and written as copy regions,
 * so a copy only ever repeats pixels that were already stored, redacted. Before encoding, image
 * regions the reader already shows are dropped and small ones are merged ({@link RegionMerger}):
 * each image carries a few hundred bytes of headers.
 * Runs on the encoder thread only. All Mats are allocated at start; a frame costs a Mat header
 * per region encoded, and OpenCV's output vector per image. Comparing and copying regions works
 * on byte views of the Mats, without native calls. The slot's pixels arrive as BGR (the capture
 * thread converts while it copies them in); without redaction they are read where they are, with
 * it the rows to be read and redacted are copied into a frame of its own first.
 */
public final class FrameStore implements AutoCloseable {

  private final CaptureConfig config;
  private SessionWriter writer; // replaced when a new segment starts
  private final EngineCounters counters;
  private final FrameListener listener;
  private final int width;
  private final int height;
  private final long frameArea;
  private final long tileArea;
  private final TileRegions regions;
  private final PixelRefiner refiner;
  private final FrameEncoder encoder;
  /** The JPEG tables each session (segment) stores once, or null: images stored whole. */
  private final JpegTables jpegTables;
  /** Merges small image regions of a delta frame; null where it could not tell it is safe. */
  private final RegionMerger merger;
  private final RegionMerger.Guard mergeGuard;
  /**
   * The frame being stored: the slot's own pixels without redaction; with redaction a frame of
   * its own ({@link #ownFrame}) into which the rows it reads and blurs are copied.
   */
  private Mat current;
  private final Mat ownFrame;
  /**
   * The last stored frame's raw pixels: the slot it arrived in, whose buffers are swapped with
   * the slot's after storing (no copy), so the slot goes back to the capture thread holding the
   * frame before, at {@link #canvasVersion}.
   */
  private Mat canvas;
  private long canvasVersion = -1;
  /**
   * The last stored frame's pixels as stored (redacted); null without scroll copies, and without
   * redaction, where the canvas holds the same pixels.
   */
  private final Mat stored;
  private ByteBuffer currentBytes;
  private ByteBuffer canvasBytes;
  private ByteBuffer storedBytes;
  private final ScrollFinder scrollFinder;
  private final RectList images = new RectList(64);
  private final RectList copies = new RectList(64);
  private final RectList copySources = new RectList(64);
  private final RectList coarse = new RectList(64);
  private final RectList tight = new RectList(64);
  private final RectList toEncode = new RectList(64);
  private final RectList bands = new RectList(16);
  /** Where the stored frame shows lines hidden unread or unreadable; null without redaction. */
  private final HiddenBoxes hidden;
  /** This frame's boxes, clipped, and the parts of earlier boxes it stores again (lifted). */
  private final RectList hiddenNow = new RectList(64);
  private final RectList lifted = new RectList(16);
  /**
   * Lines the stored frame shows hidden without having been read (over the OCR allowance, or not
   * read in time), to be read later from their unchanged pixels; null without redaction.
   */
  private final HiddenBoxes unreadBoxes;
  /** The remembered unread lines this frame reads again, and how many it still hides unread. */
  private final RectList readLater = new RectList(32);
  private int readLaterCandidates;
  /** This frame's OCR allowance (CpuGovernor.ocrAllowance), set at the start of store. */
  private int allowance = CpuGovernor.UNLIMITED;
  private final Redactor redactor;
  private PasswordSightings passwordSightings;
  private Redaction redaction;
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
      int width, int height, Redactor redactor) {
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
    boolean shareTables = config.format() == io.screentrail.ImageFormat.JPEG
        && writer.version() >= SessionFormat.VERSION;
    // With the standard Huffman tables stored once a session, an image's own tables (about 110
    // bytes) cost more than they save: 8 % more bytes for small images, and more CPU
    // (BENCHMARKS.md, "Shared JPEG tables").
    this.encoder = new FrameEncoder(config.format(), config.jpegQuality(),
        shareTables ? 0 : FrameEncoder.DEFAULT_OPTIMIZE_MAX_PIXELS);
    this.jpegTables = shareTables && encoder.encodeTablesProbe() == FrameEncoder.ENCODED
        ? JpegTables.of(encoder.output()) : null;
    // Redaction blurs the frame in place; the slot goes back to the capture thread unchanged.
    this.ownFrame = redactor == null ? null : new Mat(height, width, CV_8UC3);
    this.current = ownFrame;
    this.canvas = new Mat(height, width, CV_8UC3);
    this.redactor = redactor;
    this.hidden = redactor == null ? null : new HiddenBoxes(width, height);
    this.unreadBoxes = redactor == null ? null : new HiddenBoxes(width, height);
    this.rowShifts = redactor == null ? null : new int[height];
    // Byte views for the refiner and the row copies: no Mat header per region.
    this.currentBytes = ownFrame == null ? null : bytesOf(ownFrame);
    this.canvasBytes = FrameSlot.view(canvas);
    if (config.scrollCopies()) {
      // Without redaction the canvas is exactly what was stored: no second frame to keep.
      this.stored = redactor == null ? null : new Mat(height, width, CV_8UC3);
      this.storedBytes = stored == null ? canvasBytes : bytesOf(stored);
      this.scrollFinder = new ScrollFinder(width, height);
    } else {
      this.stored = null;
      this.storedBytes = null;
      this.scrollFinder = null;
    }
    // Without redaction, current equals what was stored wherever a merged region may reach. With
    // redaction only the stored frame says what a reader shows: without it, nothing is merged.
    this.merger = redactor == null || stored != null
        ? new RegionMerger(regionOverheadBytes(encoder), 0.4) : null;
    this.mergeGuard = redactor == null ? null : this::addedPixelsShown;
  }

  /**
   * What an image region costs beyond its pixels: the encoder's headers for a tiny blank image,
   * its record header in frames.bin and about 80 bytes of its entry in the frame record. (The
   * headers of an image with the standard Huffman tables, about 300 bytes more, merged so much
   * more that the pixels added outweighed the headers saved: 171 MB an hour instead of 137 with
   * redaction.) The whole headers, also where the session stores the tables once and an image's
   * headers are 153 bytes: that cost merged half as often, about twice the images a frame, for
   * the same bytes an hour (136 against 130 in one window, 158 both over the session).
   */
  private static int regionOverheadBytes(FrameEncoder encoder) {
    return encoder.blankImageBytes() + 12 + 80;
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
    if (jpegTables != null) {
      writer.shareJpegTables(jpegTables, 0L);
    }
  }

  /**
   * Continues in a new segment: the next frame is stored whole, sequence numbers start again from
   * 0, and the start record is written with {@code startNanos} as the segment's time zero. The
   * previous writer must have been closed with its end record.
   */
  public void startSegment(SessionWriter next, long startNanos, long wallMillis)
      throws IOException {
    this.writer = next;
    this.haveCanvas = false;
    this.sequence = 0;
    this.storedSinceKey = 0;
    writeStart(startNanos, wallMillis);
  }

  /** Result of {@link #store}: stored, found unchanged, or not encodable. */
  public static final int STORED = 0;

  /** The frame's only differences were in bytes that are not shown; nothing was stored. */
  public static final int UNCHANGED = 1;

  /** OCR did not read every line in time and the policy drops such frames; nothing was stored. */
  public static final int DROPPED_UNREAD = 3;

  /** The detectors of boxes hidden for want of a reading (see Redactor). */
  private static final String UNREAD = "unread";
  private static final String UNREADABLE = "unreadable";
  private static final String UNREADABLE_AGAIN = Redactor.UNREADABLE_AGAIN;
  private static final String OVER_BUDGET = Redactor.OVER_BUDGET;

  /** Remembered unread lines read again in one frame at most, when reads are not limited. */
  private static final int MAX_READ_LATER = 32;

  /** Rows above and below a change that are read with it (a label, a wrapped value). */
  private static final int REDACTION_MARGIN = 40;

  /** The margin while the CPU budget narrows OCR: the changed line and its closest neighbours. */
  private static final int NARROW_REDACTION_MARGIN = 12;

  private boolean narrowOcr;

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
    // Over the CPU budget, periodic keyframes (a full-screen OCR each) wait; needed ones do not.
    narrowOcr = redactor != null && counters.cpuBudgetLevel.get() >= CpuGovernor.OCR_LEVEL;
    if (redactor != null) {
      allowance = CpuGovernor.ocrAllowance(counters.cpuBudgetLevel.get());
      redactor.ocrAllowance(allowance);
    }
    boolean key = slot.forceKeyframe
        || !haveCanvas
        || storedSinceKey >= config.keyframeInterval() * (narrowOcr ? 4L : 1L)
        || slot.monoNanos - lastKeyNanos >= config.keyframeMaxAge().toNanos() * (narrowOcr ? 4 : 1)
        // With copies a scroll changes many tiles but needs few new pixels: decided below.
        || (scrollFinder == null
            && slot.changedTileCount * tileArea >= config.keyframeAreaRatio() * frameArea);
    copies.clear();
    copySources.clear();
    if (ownFrame == null) {
      current = slot.pixels;
      currentBytes = slot.buffer;
    }
    if (!key) {
      regions.group(slot.changedTiles, coarse);
      for (int i = 0; i < coarse.size(); i++) {
        copyIn(slot, coarse.x(i), coarse.y(i), coarse.width(i), coarse.height(i));
      }
      refiner.refine(currentBytes, canvasBytes, coarse, tight);
      // Nothing changed, but lines hidden unread earlier may be read now (readLaterDue).
      if (tight.size() == 0 && !readLaterDue()) {
        return UNCHANGED;
      }
      if (scrollFinder != null) {
        // Raw pixels against the stored (redacted) ones: a row that showed a hidden value never
        // matches, so it is encoded again and redacted below like any new row.
        scrollFinder.split(currentBytes, storedBytes, tight, images, copies, copySources);
        // Only what must be encoded counts towards a keyframe: copies cost a few bytes each.
        key = images.area() >= config.keyframeAreaRatio() * frameArea;
      } else {
        key = tight.area() >= config.keyframeAreaRatio() * frameArea;
      }
    }
    if (key) {
      if (ownFrame != null) {
        slot.pixels.copyTo(ownFrame);
      }
      tight.clear();
      tight.add(0, 0, width, height);
      copies.clear();
      copySources.clear();
    }
    // The canvas keeps raw pixels, so change detection compares raw with raw; only the stored
    // images are redacted.
    updateCanvas(key);
    toEncode.copyFrom(scrollFinder != null && !key ? images : tight);
    redaction = null;
    if (redactor != null) {
      redaction = redact(slot, key);
      if (redaction.failed() && config.ocrFailurePolicy() == OcrFailurePolicy.DROP_FRAME) {
        haveCanvas = false; // the stored frames no longer match the canvas
        return DROPPED_UNREAD;
      }
    }
    if (redaction != null && copies.size() > 0) {
      dropChangedCopies();
    }
    if (redaction != null && !key && stored != null && copies.size() > 0) {
      copyHiddenRowsAgain();
    }
    lifted.clear();
    if (!key && hidden != null) {
      addLiftedRedactions();
    }
    if (!key && stored != null) {
      dropRegionsShownAlready();
    }
    if (!key && tight.size() == 0 && toEncode.size() == 0 && copies.size() == 0) {
      // Only remembered lines were read, and nothing they showed is to be stored again.
      readLaterDone();
      return UNCHANGED;
    }
    if (!key && merger != null && toEncode.size() > 1) {
      merger.merge(toEncode, mergeGuard);
    }
    ensureRegionCapacity(toEncode.size());
    long bytes = 0;
    long writeNanos = 0;
    for (int i = 0; i < toEncode.size(); i++) {
      long e0 = System.nanoTime();
      int status = key ? encoder.encode(current) : encoder.encode(current, toEncode.x(i),
          toEncode.y(i), toEncode.width(i), toEncode.height(i));
      long e1 = System.nanoTime();
      if (status != FrameEncoder.ENCODED) {
        // Images already appended stay unreferenced; the reader ignores them.
        haveCanvas = false;
        return ENCODE_FAILED;
      }
      ByteBuffer out = encoder.output();
      if (!key && merger != null) {
        merger.observe((long) toEncode.width(i) * toEncode.height(i), out.remaining());
      }
      blobOffsets[i] = writer.appendBlob(out);
      blobLengths[i] = writer.lastBlobLength(); // the stored length: encryption adds nonce and tag
      bytes += blobLengths[i];
      blobCrcs[i] = writer.lastBlobCrc();
      writeNanos += System.nanoTime() - e1;
    }
    long w0 = System.nanoTime();
    writeFrameRecord(slot, key);
    writer.maybeSync(w0);
    long w1 = System.nanoTime();
    updateStored(key);
    if (hidden != null) {
      updateHidden(key);
    }
    swapCanvas(slot);
    if (copies.size() > 0) {
      counters.regionsCopied.addAndGet(copies.size());
      counters.pixelsCopied.addAndGet(copies.area());
    }
    if (key) {
      haveCanvas = true;
      storedSinceKey = 0;
      lastKeyNanos = slot.monoNanos;
      counters.keyframes.incrementAndGet();
    } else {
      storedSinceKey++;
    }
    counters.stored.incrementAndGet();
    counters.bytes.set(writer.bytesWritten());
    long redactNanos = redaction == null ? 0 : redaction.nanos();
    counters.encodeTime.record(w0 - t0 - writeNanos - redactNanos);
    counters.writeTime.record(writeNanos + (w1 - w0));
    long seq = sequence++;
    if (listener != null) {
      listener.onFrameStored(new StoredFrame(seq, slot.monoNanos - startNanos, slot.wallMillis,
          key, toEncode.size(), toEncode.area(), bytes));
    }
    return STORED;
  }

  /**
   * The canvas becomes this frame once it is stored ({@link #swapCanvas}); nothing is copied. The
   * slot holds the whole frame raw, and the canvas already equalled it outside {@code tight}.
   */
  private void updateCanvas(boolean key) {
    // Without redaction the canvas is the finder's previous frame: tell it what will change.
    if (scrollFinder == null || stored != null) {
      return;
    }
    if (key) {
      scrollFinder.forgetPrevious();
    } else {
      // tight is what split() was given: its current rows' fingerprints will hold.
      scrollFinder.previousIsCurrent(tight);
    }
  }

  /**
   * Makes the stored frame's slot the canvas by swapping their buffers: the slot goes back to the
   * capture thread with the previous canvas, which still holds exactly the pixels of the frame it
   * came with (the canvas is never written), so the slot's version says what the copier must
   * bring up to date. A copy of the changed rows into the canvas cost as much as the conversion.
   */
  private void swapCanvas(FrameSlot slot) {
    Mat pixels = canvas;
    ByteBuffer bytes = canvasBytes;
    long version = canvasVersion;
    canvas = slot.pixels;
    canvasBytes = slot.buffer;
    canvasVersion = slot.copyVersion;
    slot.pixels = pixels;
    slot.buffer = bytes;
    slot.copyVersion = version;
    if (scrollFinder != null && stored == null) {
      storedBytes = canvasBytes;
      scrollFinder.previousMoved(canvasBytes);
    }
  }

  /**
   * Keeps only the rows of copies that still reproduce exactly what is stored after redaction;
   * rows that do not (redaction hid something in them) are stored as images instead. Redaction
   * only changes pixels inside its boxes, which are images already, so this is a compare per row
   * and, where a box crosses a copy, a split of that copy: a blurred line no longer turns a whole
   * scrolled window back into an image.
   */
  private void dropChangedCopies() {
    boolean demoted = false;
    for (int i = copies.size() - 1; i >= 0; i--) {
      int h = copies.height(i);
      int r = firstChangedRow(i);
      if (r == h) {
        continue;
      }
      int x = copies.x(i);
      int y = copies.y(i);
      int w = copies.width(i);
      int fromX = copySources.x(i);
      int fromY = copySources.y(i);
      // Appended pieces land after i and are not visited again; removeSwap may move one of them
      // to i, which is already done.
      copies.removeSwap(i);
      copySources.removeSwap(i);
      if (r > 0) { // the rows before the first changed one stay one copy
        copies.add(x, y, w, r);
        copySources.add(fromX, fromY, w, r);
      }
      while (r < h) {
        boolean same = rowUnchanged(x, y + r, fromX, fromY + r, w);
        int end = r + 1;
        while (end < h && rowUnchanged(x, y + end, fromX, fromY + end, w) == same) {
          end++;
        }
        if (same) {
          copies.add(x, y + r, w, end - r);
          copySources.add(fromX, fromY + r, w, end - r);
        } else {
          toEncode.add(x, y + r, w, end - r);
        }
        r = end;
      }
      demoted = true;
    }
    if (demoted) {
      TileRegions.mergeOverlapping(toEncode, 0);
    }
  }

  /** At most this many distinct shifts of a frame's copies are tried on its image rows. */
  private static final int MAX_SHIFTS = 8;
  /**
   * Fewer matching rows stay in their image: a copy record costs about 56 bytes, and short runs
   * are mostly blank rows between lines that match any shift by chance.
   */
  private static final int MIN_COPY_ROWS = 8;
  private final int[] shiftX = new int[MAX_SHIFTS];
  private final int[] shiftY = new int[MAX_SHIFTS];
  private final int[] rowShifts;

  /**
   * Turns image rows that, now redacted, equal the stored frame's rows at the shift of one of this
   * frame's copies into copies. The scroll finder compares raw pixels with the stored, redacted
   * ones, so the rows of a line hidden in the stored frame never match and every scroll encoded
   * the hidden line and its neighbours again; once redacted again (a box depends only on the
   * pixels under it), they are byte for byte what the stored frame shows shifted. Only redacted
   * pixels are compared, so a copy still only repeats what was stored.
   */
  private void copyHiddenRowsAgain() {
    int shifts = 0;
    for (int c = 0; c < copies.size() && shifts < MAX_SHIFTS; c++) {
      int dx = copies.x(c) - copySources.x(c);
      int dy = copies.y(c) - copySources.y(c);
      boolean seen = dx == 0 && dy == 0;
      for (int s = 0; s < shifts && !seen; s++) {
        seen = shiftX[s] == dx && shiftY[s] == dy;
      }
      if (!seen) {
        shiftX[shifts] = dx;
        shiftY[shifts] = dy;
        shifts++;
      }
    }
    if (shifts == 0) {
      return;
    }
    // Pieces appended to toEncode land after i and are not visited again; they are disjoint
    // parts of one region, so nothing needs merging.
    for (int i = toEncode.size() - 1; i >= 0; i--) {
      int x = toEncode.x(i);
      int y = toEncode.y(i);
      int w = toEncode.width(i);
      int h = toEncode.height(i);
      boolean anyRun = false;
      for (int r = 0; r < h; r++) {
        rowShifts[r] = rowShift(x, y + r, w, shifts);
      }
      // Runs too short for a copy are images again.
      for (int r = 0; r < h; ) {
        int end = r + 1;
        while (end < h && rowShifts[end] == rowShifts[r]) {
          end++;
        }
        if (rowShifts[r] >= 0 && end - r < MIN_COPY_ROWS) {
          Arrays.fill(rowShifts, r, end, -1);
        }
        anyRun |= rowShifts[r] >= 0;
        r = end;
      }
      if (!anyRun) {
        continue;
      }
      toEncode.removeSwap(i);
      for (int r = 0; r < h; ) {
        int shift = rowShifts[r];
        int end = r + 1;
        while (end < h && rowShifts[end] == shift) {
          end++;
        }
        if (shift < 0) {
          toEncode.add(x, y + r, w, end - r);
        } else {
          copies.add(x, y + r, w, end - r);
          copySources.add(x - shiftX[shift], y + r - shiftY[shift], w, end - r);
        }
        r = end;
      }
    }
  }

  /** The first of the copy shifts at which row {@code y}, {@code x .. x + w - 1}, is stored. */
  private int rowShift(int x, int y, int w, int shifts) {
    for (int s = 0; s < shifts; s++) {
      int fromX = x - shiftX[s];
      int fromY = y - shiftY[s];
      if (fromX >= 0 && fromX + w <= width && fromY >= 0 && fromY < height
          && rowUnchanged(x, y, fromX, fromY, w)) {
        return s;
      }
    }
    return -1;
  }

  /** The first row of copy {@code i} that differs from its source, or its height. */
  private int firstChangedRow(int i) {
    int h = copies.height(i);
    for (int r = 0; r < h; r++) {
      if (!rowUnchanged(copies.x(i), copies.y(i) + r, copySources.x(i), copySources.y(i) + r,
          copies.width(i))) {
        return r;
      }
    }
    return h;
  }

  /**
   * Removes image regions whose pixels the reader already shows once this frame's copies are
   * applied: mostly redaction boxes found again on lines that only scrolled, whose blurred rows a
   * copy already carries. Encoding them again would store the same pixels twice.
   */
  private void dropRegionsShownAlready() {
    for (int i = toEncode.size() - 1; i >= 0; i--) {
      int y1 = toEncode.y(i) + toEncode.height(i);
      boolean shown = true;
      for (int y = toEncode.y(i); y < y1 && shown; y++) {
        shown = addedPixelsShown(toEncode.x(i), y, toEncode.width(i));
      }
      if (shown) {
        toEncode.removeSwap(i);
      }
    }
  }

  /**
   * Whether the current pixels {@code x .. x + w - 1} of row {@code y} are what the reader shows
   * there after this frame's copies: inside a copy they are its source's (copies were checked
   * byte for byte after redaction), elsewhere the stored frame's at the same place. This is the
   * merge guard with redaction: anything else, such as a line redaction hid before and did not
   * find again, keeps the regions apart.
   */
  private boolean addedPixelsShown(int x, int y, int w) {
    int end = x + w;
    while (x < end) {
      int next = end; // where the next copy on this row starts, past x
      boolean inCopy = false;
      for (int c = 0; c < copies.size(); c++) {
        int cx0 = copies.x(c);
        int cx1 = cx0 + copies.width(c);
        if (copies.y(c) > y || y >= copies.y(c) + copies.height(c) || cx1 <= x) {
          continue;
        }
        if (cx0 <= x) {
          x = Math.min(cx1, end);
          inCopy = true;
          break;
        }
        next = Math.min(next, cx0);
      }
      if (inCopy) {
        continue;
      }
      if (!rowUnchanged(x, y, x, y, next - x)) {
        return false;
      }
      x = next;
    }
    return true;
  }

  private boolean rowUnchanged(int x, int y, int fromX, int fromY, int w) {
    int rowBytes = width * 3;
    return ScrollFinder.equal(currentBytes, y * rowBytes + x * 3, storedBytes,
        fromY * rowBytes + fromX * 3, w * 3);
  }

  /**
   * Brings the stored frame up to what the reader now has: the copies and images of this frame
   * hold {@code current}'s pixels (copies were checked equal to their sources), so both are
   * copied from {@code current}.
   */
  private void updateStored(boolean key) {
    if (stored == null) {
      return;
    }
    if (key) {
      current.copyTo(stored);
      scrollFinder.forgetPrevious();
      return;
    }
    copyRegions(copies, currentBytes, storedBytes);
    copyRegions(toEncode, currentBytes, storedBytes);
    // Redaction may have changed current after the finder read it: its rows are read again.
    scrollFinder.previousChanged(copies);
    scrollFinder.previousChanged(toEncode);
  }

  /**
   * Stores again the parts of boxes the stored frame shows hidden that this frame read whole and
   * did not hide ({@link HiddenBoxes#lifted}): a delta stores only pixels whose raw value changed,
   * so a line unread before and read harmless now would otherwise keep its old blur under the new
   * characters until the next keyframe. Parts the stored frame already shows as they now are
   * (blur over a plain background) are only forgotten. Nothing this frame hides is stored again.
   */
  private void addLiftedRedactions() {
    hidden.moveWithCopies(copies, copySources);
    unreadBoxes.moveWithCopies(copies, copySources);
    hidden.lifted(bands, hiddenNow, toEncode, lifted);
    for (int i = lifted.size() - 1; i >= 0; i--) {
      if (stored != null && regionShown(lifted.x(i), lifted.y(i), lifted.width(i),
          lifted.height(i))) {
        hidden.subtract(lifted.x(i), lifted.y(i), lifted.width(i), lifted.height(i));
        lifted.removeSwap(i);
      }
    }
    for (int i = 0; i < lifted.size(); i++) {
      toEncode.add(lifted.x(i), lifted.y(i), lifted.width(i), lifted.height(i));
    }
  }

  /** Whether the reader shows every current pixel of the region already (see addedPixelsShown). */
  private boolean regionShown(int x, int y, int w, int h) {
    for (int r = y; r < y + h; r++) {
      if (!addedPixelsShown(x, r, w)) {
        return false;
      }
    }
    return true;
  }

  /** The redaction's boxes clipped to the frame. */
  private void clippedBoxes(Redaction r, RectList out) {
    out.clear();
    for (Redaction.Box b : r.boxes()) {
      int x0 = Math.max(0, b.x());
      int y0 = Math.max(0, b.y());
      int x1 = Math.min(width, b.x() + b.width());
      int y1 = Math.min(height, b.y() + b.height());
      if (x1 > x0 && y1 > y0) {
        out.add(x0, y0, x1 - x0, y1 - y0);
      }
    }
  }

  /**
   * After a frame is stored: what its images covered shows this frame's pixels, hidden only where
   * its boxes are (a keyframe covers everything). Boxes not stored because the reader showed them
   * already are hidden there all the same. Only lines hidden for want of a reading (unread,
   * unreadable) are remembered: a value a detector found stays hidden until its pixels change or
   * the next keyframe, as before, so one reading that misses it cannot bring it back.
   */
  private void updateHidden(boolean key) {
    if (key) {
      hidden.clear();
    } else {
      hidden.subtract(toEncode);
      if (lifted.size() > 0) {
        counters.redactionsLifted.addAndGet(lifted.size());
        counters.pixelsLifted.addAndGet(lifted.area());
      }
    }
    for (Redaction.Box b : redaction.boxes()) {
      if (UNREAD.equals(b.detector()) || UNREADABLE.equals(b.detector())
          || UNREADABLE_AGAIN.equals(b.detector()) || OVER_BUDGET.equals(b.detector())) {
        hidden.add(b.x(), b.y(), b.width(), b.height());
      }
    }
    if (key) {
      unreadBoxes.clear();
      readLater.clear();
    } else {
      unreadBoxes.subtract(toEncode);
    }
    readLaterDone();
  }

  /**
   * Whether this frame should read remembered unread lines: some wait, and the allowance has
   * room for a read. Also tells the capture thread (through the gauge) to hand over a frame when
   * nothing changed, so a line hidden for the budget is not left blurred while the screen is
   * quiet.
   */
  private boolean readLaterDue() {
    return unreadBoxes != null && allowance > 0 && unreadBoxes.boxes().size() > 0;
  }

  /**
   * Adds to {@link #bands} full-width bands over remembered unread lines to read again, oldest
   * first (the list keeps the order they were hidden in), as many as the allowance could read,
   * and only lines no copy of this frame moves or covers (their place in the stored frame is
   * then their place now). What the redaction finds harmless there is stored again by the
   * lifting path (addLiftedRedactions).
   */
  private void addReadLaterBands(RectList changed) {
    readLater.clear();
    readLaterCandidates = 0;
    if (!readLaterDue()) {
      return;
    }
    int max = allowance == CpuGovernor.UNLIMITED ? MAX_READ_LATER : allowance;
    RectList boxes = unreadBoxes.boxes();
    for (int i = 0; i < boxes.size() && readLater.size() < max; i++) {
      if (meets(boxes, i, copies) || meets(boxes, i, copySources) || meets(boxes, i, changed)) {
        continue; // moved, covered, or read with the change anyway
      }
      readLater.add(boxes.x(i), boxes.y(i), boxes.width(i), boxes.height(i));
      bands.add(0, boxes.y(i), width, boxes.height(i));
    }
    readLaterCandidates = readLater.size();
  }

  /** Whether rectangle {@code i} of {@code a} meets any rectangle of {@code list}. */
  private static boolean meets(RectList a, int i, RectList list) {
    for (int j = 0; j < list.size(); j++) {
      if (a.x(i) < list.x(j) + list.width(j) && list.x(j) < a.x(i) + a.width(i)
          && a.y(i) < list.y(j) + list.height(j) && list.y(j) < a.y(i) + a.height(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * After a frame read remembered unread lines: those it read are forgotten (what was harmless is
   * stored again, what was not is hidden by this frame's boxes), those still over the allowance
   * or unread are remembered again, where this frame's boxes say. Counted as read later.
   */
  private void readLaterDone() {
    int stillUnread = 0;
    for (int i = 0; i < readLater.size(); i++) {
      boolean unread = false;
      for (Redaction.Box b : redaction.boxes()) {
        if ((UNREAD.equals(b.detector()) || OVER_BUDGET.equals(b.detector()))
            && b.x() < readLater.x(i) + readLater.width(i) && readLater.x(i) < b.x() + b.width()
            && b.y() < readLater.y(i) + readLater.height(i)
            && readLater.y(i) < b.y() + b.height()) {
          unread = true;
          break;
        }
      }
      if (unread) {
        stillUnread++;
      }
      unreadBoxes.subtract(readLater.x(i), readLater.y(i), readLater.width(i),
          readLater.height(i));
    }
    counters.linesReadLater.addAndGet(readLaterCandidates - stillUnread);
    readLater.clear();
    readLaterCandidates = 0;
    for (Redaction.Box b : redaction.boxes()) {
      if (UNREAD.equals(b.detector()) || OVER_BUDGET.equals(b.detector())) {
        unreadBoxes.add(b.x(), b.y(), b.width(), b.height());
      }
    }
    counters.linesAwaitingRead.set(unreadBoxes.boxes().size());
  }

  /** Row by row in Java (a memory copy each): no Mat headers and native calls per region. */
  private void copyRegions(RectList rects, ByteBuffer from, ByteBuffer to) {
    int rowBytes = width * 3;
    for (int i = 0; i < rects.size(); i++) {
      int length = rects.width(i) * 3;
      int offset = rects.y(i) * rowBytes + rects.x(i) * 3;
      for (int r = 0; r < rects.height(i); r++, offset += rowBytes) {
        to.put(offset, from, offset, length);
      }
    }
  }

  private static ByteBuffer bytesOf(Mat bgr) {
    long n = (long) bgr.rows() * bgr.cols() * 3;
    return new org.bytedeco.javacpp.BytePointer(bgr.data()).capacity(n).asByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Redacts the frame in {@code current}: the whole frame for a keyframe, else full-width bands
   * around the changed regions (less the rows copied from the stored frame), so that a changed field is read with its whole line, its label
   * and the lines next to it. Boxes hidden outside the changed regions are stored as well, unless
   * a copy or the stored frame already shows them hidden (dropRegionsShownAlready). Lines an
   * earlier frame hid unread and this one reads whole as harmless are stored again afterwards
   * (addLiftedRedactions).
   */
  private Redaction redact(FrameSlot slot, boolean key) {
    bands.clear();
    if (key) {
      bands.add(0, 0, width, height);
      redactor.readFirst(bands);
      readLater.clear();
      readLaterCandidates = 0;
    } else {
      int margin = narrowOcr ? NARROW_REDACTION_MARGIN : REDACTION_MARGIN;
      if (narrowOcr) {
        counters.framesOcrNarrowed.incrementAndGet();
      }
      // Copied rows repeat pixels already stored, redacted, so like unchanged rows they are not
      // read again; only the new rows and their neighbours (a label, a wrapped value) are. A
      // neighbour that redaction now hides turns its copy back into an image (dropChangedCopies).
      RectList changed = scrollFinder != null ? images : tight;
      for (int i = 0; i < changed.size(); i++) {
        int y0 = Math.max(0, changed.y(i) - margin);
        int y1 = Math.min(height, changed.y(i) + changed.height(i) + margin);
        bands.add(0, y0, width, y1 - y0);
      }
      redactor.readFirst(changed);
      addReadLaterBands(changed);
      TileRegions.mergeOverlapping(bands, 0);
      for (int i = 0; i < bands.size(); i++) {
        copyIn(slot, bands.x(i), bands.y(i), bands.width(i), bands.height(i));
      }
    }
    long deadline = System.nanoTime() + config.ocrBudget().toNanos();
    Redaction r = redactor.redact(current, bands, deadline,
        config.ocrFailurePolicy() == OcrFailurePolicy.BLUR_UNREAD);
    counters.redactionTime.record(r.nanos());
    reportPasswords(r, slot.monoNanos);
    counters.ocrLines.addAndGet(r.ocrLines());
    counters.ocrCacheHits.addAndGet(r.cacheHits());
    counters.ocrWordLines.addAndGet(r.work().wordLines());
    counters.ocrWordHits.addAndGet(r.work().wordHits());
    counters.ocrWordMisses.addAndGet(r.work().wordMisses());
    counters.ocrSyntheticReads.addAndGet(r.work().syntheticReads());
    counters.ocrWordFallbacks.addAndGet(r.work().wordFallbacks());
    if (!r.boxes().isEmpty()) {
      counters.framesRedacted.incrementAndGet();
      counters.redactionBoxes.addAndGet(r.boxes().size());
    }
    counters.linesUnreadable.addAndGet(r.unreadable());
    counters.linesUnreadableAgain.addAndGet(r.unreadableAgain());
    counters.linesOverBudget.addAndGet(r.overBudget());
    if (r.failed()) {
      counters.linesUnread.addAndGet(r.unread());
      if ("timeout".equals(r.status())) {
        counters.ocrTimeouts.incrementAndGet();
      } else {
        counters.ocrErrors.incrementAndGet();
      }
      if (config.ocrFailurePolicy() == OcrFailurePolicy.DROP_FRAME) {
        counters.framesDroppedUnread.incrementAndGet();
      }
    }
    clippedBoxes(r, hiddenNow);
    if (!key) {
      for (int i = 0; i < hiddenNow.size(); i++) {
        toEncode.add(hiddenNow.x(i), hiddenNow.y(i), hiddenNow.width(i), hiddenNow.height(i));
      }
      TileRegions.mergeOverlapping(toEncode, 0);
    }
    return r;
  }

  /** Tells the input thread where redaction saw passwords, so typing there is masked. */
  public void passwordSightings(PasswordSightings sightings) {
    this.passwordSightings = sightings;
  }

  private void reportPasswords(Redaction r, long monoNanos) {
    if (passwordSightings == null) {
      return;
    }
    for (Redaction.Box b : r.boxes()) {
      if (b.category() == Category.PASSWORD) {
        passwordSightings.add(b.x(), b.y(), b.width(), b.height(), monoNanos);
      }
    }
    RectList prompts = redactor.passwordPrompts();
    for (int i = 0; i < prompts.size(); i++) {
      passwordSightings.add(prompts.x(i), prompts.y(i), prompts.width(i), prompts.height(i),
          monoNanos);
    }
  }

  /** With redaction, copies a rectangle of the slot's pixels into the frame it works on. */
  private void copyIn(FrameSlot slot, int x, int y, int w, int h) {
    if (ownFrame == null) {
      return; // the slot itself is the frame
    }
    int rowBytes = width * 3;
    int length = w * 3;
    int offset = y * rowBytes + x * 3;
    for (int r = 0; r < h; r++, offset += rowBytes) {
      currentBytes.put(offset, slot.buffer, offset, length);
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
    // Copies first: a reader applies them from the previous frame, then pastes the images.
    for (int i = 0; i < copies.size(); i++) {
      json.beginObject()
          .field("x", (long) copies.x(i))
          .field("y", (long) copies.y(i))
          .field("w", (long) copies.width(i))
          .field("h", (long) copies.height(i))
          .field("fromX", (long) copySources.x(i))
          .field("fromY", (long) copySources.y(i))
          .endObject();
    }
    for (int i = 0; i < toEncode.size(); i++) {
      json.beginObject()
          .field("x", (long) toEncode.x(i))
          .field("y", (long) toEncode.y(i))
          .field("w", (long) toEncode.width(i))
          .field("h", (long) toEncode.height(i))
          .field("off", blobOffsets[i])
          .field("len", (long) blobLengths[i])
          .field("crc", Integer.toUnsignedLong(blobCrcs[i]))
          .endObject();
    }
    json.endArray();
    writeRedaction();
    json.name("stats");
    statsObject(1, false);
    json.endObject();
    writer.appendRecord(json);
  }

  /** The frame's redaction manifest: what was hidden, where and by which detector, never text. */
  private void writeRedaction() {
    if (redaction == null) {
      json.name("redaction").beginObject().field("status", "off").endObject();
      return;
    }
    Redaction r = redaction;
    json.name("redaction").beginObject()
        .field("status", r.status())
        .field("lines", (long) r.lines())
        .field("ocrLines", (long) r.ocrLines())
        .field("cacheHits", (long) r.cacheHits())
        .field("unreadable", (long) r.unreadable())
        .field("unread", (long) r.unread())
        .field("unreadableAgain", (long) r.unreadableAgain())
        .field("overBudget", (long) r.overBudget())
        .field("micros", r.nanos() / 1000)
        .endObject();
    json.name("redactions").beginArray();
    for (Redaction.Box b : r.boxes()) {
      json.beginObject().field("detector", b.detector())
          .field("category", b.category() == null ? null : b.category().name())
          .field("x", (long) b.x()).field("y", (long) b.y())
          .field("w", (long) b.width()).field("h", (long) b.height()).endObject();
    }
    json.endArray();
    if (lifted.size() > 0) {
      // Earlier boxes this frame stores again, read and found harmless: never one of its boxes.
      json.name("lifted").beginArray();
      for (int i = 0; i < lifted.size(); i++) {
        json.beginObject().field("x", (long) lifted.x(i)).field("y", (long) lifted.y(i))
            .field("w", (long) lifted.width(i)).field("h", (long) lifted.height(i)).endObject();
      }
      json.endArray();
    }
  }

  /**
   * Counters as an object; {@code pendingStored} counts the frame being written; the damage and
   * budget counters only where asked (every frame would carry them for nothing).
   */
  private void statsObject(int pendingStored, boolean performance) {
    json.beginObject()
        .field("captured", counters.captured.get())
        .field("stored", counters.stored.get() + pendingStored)
        .field("skipped", counters.skipped.get())
        .field("dropped", counters.dropped.get())
        .field("captureErrors", counters.captureErrors.get());
    moreCounters();
    if (performance) {
      performanceCounters();
    }
    json.endObject();
  }

  private void moreCounters() {
    json.field("framesRedacted", counters.framesRedacted.get())
        .field("redactionBoxes", counters.redactionBoxes.get())
        .field("ocrLines", counters.ocrLines.get())
        .field("ocrCacheHits", counters.ocrCacheHits.get())
        .field("ocrTimeouts", counters.ocrTimeouts.get())
        .field("ocrErrors", counters.ocrErrors.get())
        .field("linesUnread", counters.linesUnread.get())
        .field("linesUnreadable", counters.linesUnreadable.get())
        .field("framesDroppedUnread", counters.framesDroppedUnread.get());
    json.field("redactionsLifted", counters.redactionsLifted.get())
        .field("pixelsLifted", counters.pixelsLifted.get())
        .field("linesUnreadableAgain", counters.linesUnreadableAgain.get())
        .field("ocrWordLines", counters.ocrWordLines.get())
        .field("ocrWordHits", counters.ocrWordHits.get())
        .field("ocrWordMisses", counters.ocrWordMisses.get())
        .field("ocrSyntheticReads", counters.ocrSyntheticReads.get())
        .field("ocrWordFallbacks", counters.ocrWordFallbacks.get());
    json.field("linesOverBudget", counters.linesOverBudget.get())
        .field("linesReadLater", counters.linesReadLater.get());
    json.field("events", counters.eventsWritten.get())
        .field("eventsDropped", counters.inputEventsDropped())
        .field("pointerMoves", counters.pointerMoves.get())
        .field("pointerMovesCoalesced", counters.pointerMovesCoalesced.get())
        .field("actions", counters.actions.get())
        .field("actionsUnsettled", counters.actionsUnsettled.get());
    json.field("framesNotDesignated", counters.framesNotDesignated.get())
        .field("keysNotDesignated", counters.keysNotDesignated.get());
    json.field("regionsCopied", counters.regionsCopied.get())
        .field("pixelsCopied", counters.pixelsCopied.get());
  }

  /** Damage hints and CPU budget counters, in stats and end records (not every frame's). */
  private void performanceCounters() {
    json.field("damageHints", counters.damageHints)
        .field("framesSkippedByDamage", counters.damageSkips.get())
        .field("damageChecks", counters.damageChecks.get())
        .field("damageMissedTiles", counters.damageMissedTiles.get())
        .field("grabsRedone", counters.grabsRedone.get())
        .field("cpuShare", counters.cpuShareMicros.get() / 1e6)
        .field("cpuBudgetLevel", counters.cpuBudgetLevel.get())
        .field("cpuBudgetRateReductions", counters.cpuBudgetRateReductions.get())
        .field("cpuBudgetOcrNarrowings", counters.cpuBudgetOcrNarrowings.get())
        .field("cpuBudgetRestores", counters.cpuBudgetRestores.get())
        .field("cpuBudgetOverAtMaxLevel", counters.cpuBudgetOverAtMaxLevel.get())
        .field("framesOcrNarrowed", counters.framesOcrNarrowed.get());
    json.field("cpuBudgetAllowanceCuts", counters.cpuBudgetAllowanceCuts.get())
        .field("linesAwaitingRead", counters.linesAwaitingRead.get());
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
      moreCounters();
      performanceCounters();
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
    statsObject(0, true);
    json.endObject();
    writer.appendRecord(json);
  }

  @Override
  public void close() {
    refiner.close();
    encoder.close();
    if (redactor != null) {
      redactor.close();
    }
    if (ownFrame != null) {
      ownFrame.close();
    }
    canvas.close();
    if (stored != null) {
      stored.close();
    }
  }
}
