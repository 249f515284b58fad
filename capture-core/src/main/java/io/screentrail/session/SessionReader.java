package io.screentrail.session;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonException;
import io.screentrail.internal.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Reads a session directory back: the manifest, every complete timeline record in order, the
 * images they reference, and the stored frames rebuilt as whole images.
 *
 * <p>A file that ends in an incomplete record (a recorder killed mid-write) reads up to its last
 * complete record; the rest is reported as a torn tail, not as an error. A damaged record in the
 * middle is reported by offset and skipped. Nothing here modifies the session.
 *
 * <p>Not thread-safe. Works on a session that is still being recorded: it reads what is there.
 */
public final class SessionReader implements AutoCloseable {

  private final Path directory;
  private JsonObject manifest;
  /** Decrypts records of an encrypted session; {@code null} for a plaintext one. */
  private SessionCipher cipher;
  private final FileChannel timeline;
  private final FileChannel frames;
  private final CRC32 crc = new CRC32();
  private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
  /** The session's shared JPEG tables (version 3), once a scan has met their record. */
  private JpegTables jpegTables;
  /** Whether the whole timeline was scanned for the tables record without finding it. */
  private boolean noJpegTables;
  private final JpegTables.Layout layout = new JpegTables.Layout();
  private byte[] restored = new byte[64 * 1024];

  private SessionReader(Path directory, JsonObject manifest, FileChannel timeline,
      FileChannel frames) {
    this.directory = directory;
    this.manifest = manifest;
    this.timeline = timeline;
    this.frames = frames;
  }

  /**
   * Opens a session directory.
   *
   * @throws SessionException when it is not a session, is from a newer engine, or cannot be read;
   *     the message says which and what to do
   */
  public static SessionReader open(Path directory) throws SessionException {
    return open(directory, null);
  }

  /**
   * Opens a session directory with the key of an encrypted session; a plaintext session opens
   * with or without a key.
   *
   * @param keys where the key comes from, or {@code null} when there is none
   * @throws SessionException as {@link #open(Path)}, and for an encrypted session when no key is
   *     given ("encrypted ... --key-file"), when the key is not the session's ("wrong key"), or
   *     when its manifest record does not authenticate
   */
  public static SessionReader open(Path directory, KeyProvider keys) throws SessionException {
    if (!Files.isDirectory(directory)) {
      throw new SessionException(directory + " is not a directory: give the directory a recording"
          + " was written to (it holds " + SessionFormat.MANIFEST + ").");
    }
    JsonObject manifest = readManifest(directory);
    FileChannel timeline = null;
    try {
      timeline = openChecked(directory.resolve(SessionFormat.TIMELINE),
          SessionFormat.TIMELINE_SIGNATURE);
      FileChannel frames = openChecked(directory.resolve(SessionFormat.FRAMES),
          SessionFormat.FRAMES_SIGNATURE);
      SessionReader reader = new SessionReader(directory, manifest, timeline, frames);
      if (manifest.has("encryption")) {
        try {
          reader.unlock(keys);
        } catch (SessionException | RuntimeException e) {
          reader.closeQuietly();
          throw e;
        }
      }
      return reader;
    } catch (SessionException e) {
      closeQuietly(timeline);
      throw e;
    }
  }

  /**
   * Checks the key against the manifest's key check value, then reads the encrypted manifest
   * record and merges it into {@link #manifest()}.
   */
  private void unlock(KeyProvider keys) throws SessionException {
    JsonObject enc = manifest.getObject("encryption");
    String algorithm = enc.optString("algorithm", null);
    String sessionKeyId = enc.optString("keyId", "?");
    if (!SessionCipher.ALGORITHM.equals(algorithm)) {
      throw new SessionException(directory + " is encrypted with " + algorithm + ", which this"
          + " reader does not know (it reads " + SessionCipher.ALGORITHM + ").");
    }
    if (keys == null) {
      throw new SessionException("The session " + directory + " is encrypted (" + algorithm
          + ", key id " + sessionKeyId + "): give its key with --key-file FILE (or --key-env"
          + " NAME; SessionReader.open(dir, keyProvider) in code).");
    }
    javax.crypto.SecretKey key = keys.key();
    if (!SessionCipher.matches(key, enc.optString("keyCheck", ""))) {
      throw new SessionException("Wrong key for the session " + directory + ": it was encrypted"
          + " with key id " + sessionKeyId + ", the key given has id " + SessionCipher.keyId(key)
          + ". Give the key the recording used.");
    }
    cipher = SessionCipher.create(key, manifest.optString("sessionId", ""));
    Map<String, Object> merged = new java.util.LinkedHashMap<>();
    TimelineRecord[] first = {null};
    try {
      // The manifest record is the first one; a scan stops being needed once it is seen.
      ScanResult r = scan(rec -> {
        if (first[0] == null) {
          first[0] = rec;
        }
      }, 1);
      if (first[0] == null || !"manifest".equals(first[0].type())) {
        throw new SessionException(SessionFormat.TIMELINE + " of the encrypted session "
            + directory + " does not start with its manifest record"
            + (r.problems().isEmpty() ? "" : ": " + r.problems().get(0))
            + ". The session is damaged or was tampered with.");
      }
    } catch (IOException e) {
      throw new SessionException("Cannot read " + directory.resolve(SessionFormat.TIMELINE)
          + ": " + e.getMessage(), e);
    }
    merged.putAll(first[0].body().getObject("manifest").asMap());
    merged.putAll(manifest.asMap());
    manifest = JsonObject.of(merged);
  }

  private static JsonObject readManifest(Path directory) throws SessionException {
    Path file = directory.resolve(SessionFormat.MANIFEST);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SessionException(directory + " is not a Screentrail session: it has no "
          + SessionFormat.MANIFEST + ".");
    } catch (IOException e) {
      throw new SessionException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    Object tree;
    try {
      tree = Json.parse(bytes, 0, bytes.length);
    } catch (JsonException e) {
      throw new SessionException(file + " is not valid JSON (" + e.getMessage()
          + "): the session's manifest is damaged or this is not a Screentrail session.", e);
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new SessionException(file + " is not a Screentrail manifest (not a JSON object).");
    }
    @SuppressWarnings("unchecked")
    JsonObject m = JsonObject.of((Map<String, ?>) map);
    String format = m.optString("format", null);
    if (!SessionFormat.FORMAT_NAME.equals(format)) {
      throw new SessionException(file + " is not a Screentrail manifest (format is "
          + (format == null ? "missing" : "'" + format + "'") + ", expected '"
          + SessionFormat.FORMAT_NAME + "').");
    }
    long version = m.optLong("formatVersion", -1);
    if (version < 1 || version > SessionFormat.VERSION) {
      throw new SessionException(file + " has format version " + version + "; this reader reads"
          + " versions 1 to " + SessionFormat.VERSION + ". Use a newer screentrail to read it.");
    }
    return m;
  }

  private static FileChannel openChecked(Path file, String signature) throws SessionException {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new SessionException("The session is missing " + file.getFileName() + " (" + file
          + "): it was not completely created, or files were removed.");
    } catch (IOException e) {
      throw new SessionException("Cannot open " + file + ": " + e.getMessage(), e);
    }
    try {
      ByteBuffer h = ByteBuffer.allocate(SessionFormat.FILE_HEADER_BYTES)
          .order(ByteOrder.LITTLE_ENDIAN);
      while (h.hasRemaining() && ch.read(h) >= 0) {
        // read the whole header
      }
      h.flip();
      byte[] sig = new byte[8];
      if (h.remaining() < SessionFormat.FILE_HEADER_BYTES) {
        throw new SessionException(file + " is shorter than its 16-byte header: not a Screentrail"
            + " session file, or it was cut before the recording started.");
      }
      h.get(sig);
      String got = new String(sig, StandardCharsets.ISO_8859_1);
      if (!got.equals(signature)) {
        throw new SessionException(file + " is not a Screentrail " + signature + " file (it starts"
            + " with '" + printable(got) + "').");
      }
      int version = h.getInt();
      if (version < 1 || version > SessionFormat.VERSION) {
        throw new SessionException(file + " has format version " + version
            + "; this reader reads versions 1 to " + SessionFormat.VERSION + ".");
      }
      return ch;
    } catch (SessionException e) {
      closeQuietly(ch);
      throw e;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new SessionException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 32 && c < 127 ? c : '.');
    }
    return b.toString();
  }

  /** The session directory. */
  public Path directory() {
    return directory;
  }

  /** The manifest. */
  public JsonObject manifest() {
    return manifest;
  }

  /**
   * Reads every complete record of the timeline in order and hands each to {@code visitor}.
   *
   * @return what the scan found besides the records: a torn tail, damaged records
   */
  public ScanResult scan(Consumer<TimelineRecord> visitor) throws IOException {
    return scan(visitor, Long.MAX_VALUE);
  }

  private ScanResult scan(Consumer<TimelineRecord> visitor, long maxRecords) throws IOException {
    List<String> problems = new ArrayList<>();
    long size = timeline.size();
    long pos = SessionFormat.FILE_HEADER_BYTES;
    long index = 0;
    long intact = 0;
    boolean torn = false;
    while (pos < size && index < maxRecords) {
      long remaining = size - pos;
      if (remaining < SessionFormat.RECORD_HEADER_BYTES) {
        torn = true;
        break;
      }
      ByteBuffer h = read(timeline, pos, SessionFormat.RECORD_HEADER_BYTES);
      int magic = h.getInt();
      int length = h.getInt();
      int expectedCrc = h.getInt();
      if (magic != SessionFormat.TIMELINE_RECORD_MAGIC) {
        if (allZero(timeline, pos, size)) {
          torn = true; // a crash after the file grew but before its bytes reached the disk
          break;
        }
        problems.add(SessionFormat.TIMELINE + ": no record header at offset " + pos
            + " (record #" + index + "); the rest of the file is skipped.");
        break;
      }
      if (length < 0 || length > SessionFormat.MAX_PAYLOAD_BYTES) {
        problems.add(SessionFormat.TIMELINE + ": impossible record length " + length
            + " at offset " + pos + "; the rest of the file is skipped.");
        break;
      }
      long end = pos + SessionFormat.RECORD_HEADER_BYTES + length;
      if (end > size) {
        torn = true;
        break;
      }
      ByteBuffer payload = read(timeline, pos + SessionFormat.RECORD_HEADER_BYTES, length);
      crc.reset();
      crc.update(payload.duplicate());
      boolean crcOk = (int) crc.getValue() == expectedCrc;
      if (!crcOk && end == size) {
        torn = true; // the last record, partly written
        pos = end;
        continue;
      }
      if (cipher != null) {
        payload = cipher.open(payload, SessionCipher.FILE_TIMELINE, pos);
        if (payload == null || !crcOk) {
          problems.add("record #" + index + " in " + SessionFormat.TIMELINE + " at offset " + pos
              + (payload == null ? " failed authentication (tampered or corrupt)"
                  : " has a damaged checksum") + "; the record is skipped.");
          index++;
          pos = end;
          continue;
        }
        length = payload.remaining();
      } else if (!crcOk) {
        problems.add(SessionFormat.TIMELINE + ": checksum mismatch in record #" + index
            + " at offset " + pos + "; the record is skipped.");
        index++;
        pos = end;
        continue;
      }
      Object tree;
      try {
        tree = Json.parse(payload.array(), payload.arrayOffset() + payload.position(), length);
      } catch (JsonException e) {
        problems.add(SessionFormat.TIMELINE + ": record #" + index + " at offset " + pos
            + " is not valid JSON (" + e.getMessage() + ")");
        pos = end;
        index++;
        continue;
      }
      if (tree instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        JsonObject body = JsonObject.of((Map<String, ?>) map);
        if (JpegTables.RECORD_TYPE.equals(body.optString("type", null))) {
          String bad = takeJpegTables(body);
          if (bad != null) {
            problems.add(SessionFormat.TIMELINE + ": record #" + index + " at offset " + pos
                + " " + bad);
          }
        }
        visitor.accept(new TimelineRecord(index, pos, body));
        intact++;
      } else {
        problems.add(SessionFormat.TIMELINE + ": record #" + index + " at offset " + pos
            + " is not a JSON object");
      }
      index++;
      pos = end;
    }
    return new ScanResult(intact, torn, torn ? size - pos : 0, problems);
  }

  /**
   * Keeps the tables of a {@code jpegTables} record (the session has one, before the first frame
   * that needs it); returns what is wrong with it, or null.
   */
  private String takeJpegTables(JsonObject body) {
    if (version() < SessionFormat.VERSION) {
      return null; // older sessions store every image whole: nothing to put back
    }
    JpegTables t;
    try {
      t = JpegTables.fromRecord(body.getString("dqt"), body.getString("dht"));
    } catch (IllegalArgumentException | JsonException e) {
      return "is a damaged jpegTables record (" + e.getMessage() + ")";
    }
    if (jpegTables != null && !jpegTables.equals(t)) {
      return "holds JPEG tables other than the session's first jpegTables record; it is ignored";
    }
    jpegTables = t;
    return null;
  }

  /** The session's format version, from its manifest. */
  private long version() {
    return manifest.optLong("formatVersion", 1);
  }

  /**
   * What {@link #scan} found besides the records.
   *
   * @param records intact records handed to the visitor
   * @param tornTail whether the file ends in an incomplete record
   * @param tornBytes bytes of that incomplete record
   * @param problems damaged records, by offset
   */
  public record ScanResult(long records, boolean tornTail, long tornBytes, List<String> problems) {}

  /**
   * Reads the image a frame region references and checks its checksum: the bytes as stored, so a
   * version 3 JPEG may lack the session's tables ({@link #readImage} puts them back).
   *
   * @throws SessionException naming the offset when it is missing, cut short or damaged
   */
  public ByteBuffer readBlob(long offset, int length, int expectedCrc) throws IOException {
    long size = frames.size();
    if (offset < SessionFormat.FILE_HEADER_BYTES
        || offset + SessionFormat.RECORD_HEADER_BYTES + length > size) {
      throw new SessionException(SessionFormat.FRAMES + ": image at offset " + offset + " ("
          + length + " bytes) lies past the end of the file (" + size + " bytes).");
    }
    ByteBuffer h = read(frames, offset, SessionFormat.RECORD_HEADER_BYTES);
    int magic = h.getInt();
    int len = h.getInt();
    int storedCrc = h.getInt();
    if (magic != SessionFormat.FRAME_BLOB_MAGIC || len != length || storedCrc != expectedCrc) {
      throw new SessionException(SessionFormat.FRAMES + ": the image header at offset " + offset
          + " does not match its timeline record.");
    }
    ByteBuffer data = read(frames, offset + SessionFormat.RECORD_HEADER_BYTES, length);
    crc.reset();
    crc.update(data.duplicate());
    boolean crcOk = (int) crc.getValue() == expectedCrc;
    if (cipher != null) {
      ByteBuffer plain = cipher.open(data, SessionCipher.FILE_FRAMES, offset);
      if (plain == null) {
        throw new SessionException("image record in " + SessionFormat.FRAMES + " at offset "
            + offset + " failed authentication (tampered or corrupt).");
      }
      data = plain;
    }
    if (!crcOk) {
      throw new SessionException(SessionFormat.FRAMES + ": checksum mismatch in the image at"
          + " offset " + offset + ".");
    }
    return data;
  }

  /**
   * Reads an image a frame region references, like {@link #readBlob}, as a complete image: in a
   * version 3 session a JPEG stored without the session's tables gets them back, so the bytes
   * are the encoder's output exactly. Valid until the next read.
   *
   * @throws SessionException also when a JPEG lacks tables and the session has no {@code
   *     jpegTables} record
   */
  public ByteBuffer readImage(long offset, int length, int expectedCrc) throws IOException {
    ByteBuffer data = readBlob(offset, length, expectedCrc);
    if (version() < SessionFormat.VERSION || !layout.parse(data)
        || layout.dqt.count > 0 && layout.dht.count > 0) {
      return data;
    }
    if (jpegTables == null && !noJpegTables) {
      // Random access (a replay of records scanned by another reader): find the record, then
      // read the image again, as the scan reused the read buffer.
      scan(r -> { });
      noJpegTables = jpegTables == null;
      data = readBlob(offset, length, expectedCrc);
      layout.parse(data);
    }
    if (jpegTables == null) {
      throw new SessionException(SessionFormat.FRAMES + ": the JPEG image at offset " + offset
          + " is stored without its tables and the session has no jpegTables record to take"
          + " them from.");
    }
    int n = jpegTables.restoredLength(data, layout);
    if (restored.length < n) {
      restored = new byte[Math.max(n, restored.length * 2)];
    }
    return ByteBuffer.wrap(restored, 0, jpegTables.restore(data, restored, layout));
  }

  /** Verifies every record and every image it references. */
  public SessionCheck check() throws IOException {
    CheckCollector c = new CheckCollector();
    ScanResult scan = scan(r -> c.accept(r, this));
    List<String> problems = new ArrayList<>(scan.problems());
    problems.addAll(c.problems);
    long framesSize = frames.size();
    boolean framesTorn = framesSize > Math.max(c.blobEnd, SessionFormat.FILE_HEADER_BYTES);
    long bytes = 0;
    for (String f : List.of(SessionFormat.MANIFEST, SessionFormat.TIMELINE, SessionFormat.FRAMES)) {
      bytes += Files.size(directory.resolve(f));
    }
    return new SessionCheck(problems.isEmpty(), scan.records(), c.frames, c.keyframes,
        c.captured, c.skipped, c.dropped, c.events, c.actions, c.markers,
        scan.tornTail() || framesTorn || c.blobsLost, c.lastMono / 1e9, bytes, c.endReason != null,
        c.endReason, problems, c.eventsDropped, c.movesCoalesced, c.actionsUnsettled,
        c.performance, c.redaction, c.focusActions);
  }

  /** Tallies {@link #check()}'s figures from the records. */
  private static final class CheckCollector {
    final List<String> problems = new ArrayList<>();
    long frames;
    long keyframes;
    long captured;
    long skipped;
    long dropped;
    long events;
    long actions;
    long focusActions;
    long markers;
    long lastMono;
    long eventsDropped;
    long movesCoalesced;
    long actionsUnsettled;
    long blobEnd;
    boolean blobsLost;
    String endReason;
    final Map<String, Object> performance = new LinkedHashMap<>();
    final Map<String, Object> redaction = new LinkedHashMap<>();

    void accept(TimelineRecord r, SessionReader reader) {
      lastMono = Math.max(lastMono, r.monoNanos());
      switch (r.type()) {
        case "frame" -> {
          if (checkRegions(r, reader)) {
            frames++;
            if (r.body().optBoolean("key", false)) {
              keyframes++;
            }
          }
          counters(r.body().has("stats") ? r.body().getObject("stats") : null);
        }
        case "stats" -> counters(r.body());
        case "end" -> {
          endReason = r.body().optString("reason", "closed");
          counters(r.body().has("stats") ? r.body().getObject("stats") : null);
        }
        case "event" -> events++;
        case "action" -> {
          actions++;
          if (TrajectoryExporter.isFocus(r)) {
            focusActions++;
          }
        }
        case "marker" -> markers++;
        default -> { }
      }
    }

    private boolean checkRegions(TimelineRecord r, SessionReader reader) {
      try {
        for (JsonObject region : r.body().getObjectList("regions")) {
          if (isCopy(region)) {
            String bad = badCopy(region, r.body().optBoolean("key", false),
                reader.manifest.getObject("geometry"));
            if (bad != null) {
              problems.add("frame #" + r.body().optLong("seq", -1) + " (timeline offset "
                  + r.offset() + "): " + bad);
              return false;
            }
            continue;
          }
          long off = region.getLong("off");
          int len = region.getInt("len");
          try {
            reader.readImage(off, len, (int) region.getLong("crc"));
          } catch (SessionException e) {
            if (off + SessionFormat.RECORD_HEADER_BYTES + len > reader.frames.size()) {
              blobsLost = true; // the images at the end did not reach the disk: a torn tail
              return false;
            }
            problems.add("frame #" + r.body().optLong("seq", -1) + " (timeline offset "
                + r.offset() + "): " + e.getMessage());
            return false;
          }
          blobEnd = Math.max(blobEnd, off + SessionFormat.RECORD_HEADER_BYTES + len);
        }
        return true;
      } catch (JsonException | IOException e) {
        problems.add("frame record at timeline offset " + r.offset() + ": " + e.getMessage());
        return false;
      }
    }

    private void counters(JsonObject s) {
      if (s == null) {
        return;
      }
      captured = Math.max(captured, s.optLong("captured", 0));
      skipped = Math.max(skipped, s.optLong("skipped", 0));
      dropped = Math.max(dropped, s.optLong("dropped", 0));
      eventsDropped = Math.max(eventsDropped, s.optLong("eventsDropped", 0));
      movesCoalesced = Math.max(movesCoalesced, s.optLong("pointerMovesCoalesced", 0));
      actionsUnsettled = Math.max(actionsUnsettled, s.optLong("actionsUnsettled", 0));
      // The newest record's values: counters only grow, and the level and share are gauges.
      newest(s, SessionCheck.PERFORMANCE_KEYS, performance);
      newest(s, SessionCheck.REDACTION_KEYS, redaction);
    }

    private static void newest(JsonObject s, List<String> keys, Map<String, Object> into) {
      for (String key : keys) {
        Object v = s.asMap().get(key);
        if (v != null) {
          into.put(key, v);
        }
      }
    }
  }

  /**
   * Rebuilds every stored frame as a whole image, in time order, and hands it to {@code visitor}.
   * A frame whose image is missing or damaged is skipped, and so are the frames that build on it
   * until the next whole frame; each skip is added to {@code problems}.
   *
   * @return how many frames were handed to the visitor
   */
  public long replay(FrameVisitor visitor, List<String> problems) throws IOException {
    try (Rebuilder rebuilder = new Rebuilder(visitor, problems)) {
      scan(rebuilder::accept);
      return rebuilder.finish();
    }
  }

  /**
   * Rebuilds the given frame records, in the order given, like {@link #replay(FrameVisitor,
   * List)}: for random access to a long session without reading it from the start. The first
   * record should be a keyframe; frames before the first keyframe are skipped as problems.
   *
   * @param frameRecords {@code frame} records from {@link #scan} of this session
   * @return how many frames were handed to the visitor
   */
  public long replay(List<TimelineRecord> frameRecords, FrameVisitor visitor,
      List<String> problems) throws IOException {
    try (Rebuilder rebuilder = new Rebuilder(visitor, problems)) {
      for (TimelineRecord r : frameRecords) {
        rebuilder.accept(r);
      }
      return rebuilder.finish();
    }
  }

  /** Whether a frame region is a copy from the previous frame (format 2) rather than an image. */
  static boolean isCopy(JsonObject region) {
    return region.has("fromX") && !region.has("off");
  }

  /**
   * What is wrong with a copy region, or {@code null}: both rectangles must lie in the frame, and
   * a keyframe has nothing to copy from.
   */
  static String badCopy(JsonObject region, boolean key, JsonObject geometry) {
    int w = region.getInt("w");
    int h = region.getInt("h");
    int width = geometry.getInt("width");
    int height = geometry.getInt("height");
    if (key) {
      return "a whole frame has a copy region, which needs a previous frame";
    }
    if (!inside(region.getInt("x"), region.getInt("y"), w, h, width, height)
        || !inside(region.getInt("fromX"), region.getInt("fromY"), w, h, width, height)) {
      return "a copy region " + w + "x" + h + " from " + region.getInt("fromX") + ","
          + region.getInt("fromY") + " to " + region.getInt("x") + "," + region.getInt("y")
          + " lies outside the " + width + "x" + height + " frame";
    }
    return null;
  }

  private static boolean inside(int x, int y, int w, int h, int width, int height) {
    return w > 0 && h > 0 && x >= 0 && y >= 0 && x + w <= width && y + h <= height;
  }

  /**
   * Applies each frame's regions to the previous frame and hands the result on: first every copy,
   * each reading the previous frame as it was before this frame (their sources are set aside
   * before any is written, so overlaps do not matter), then every image pasted over.
   */
  private final class Rebuilder implements AutoCloseable {
    private final FrameVisitor visitor;
    private final List<String> problems;
    private final Mat canvas;
    /** Copy sources of the frame being rebuilt, as they were before it. */
    private final Mat previous;
    private final Rect from = new Rect();
    private final Rect roi = new Rect();
    private final FrameView view;
    private long delivered;
    private IOException failure;
    private boolean valid;

    Rebuilder(FrameVisitor visitor, List<String> problems) {
      this.visitor = visitor;
      this.problems = problems;
      JsonObject g = manifest.getObject("geometry");
      this.canvas = new Mat(g.getInt("height"), g.getInt("width"), CV_8UC3);
      this.previous = new Mat(g.getInt("height"), g.getInt("width"), CV_8UC3);
      this.view = new FrameView(canvas);
    }

    void accept(TimelineRecord r) {
      if (failure != null || !r.type().equals("frame")) {
        return;
      }
      try {
        boolean key = r.body().optBoolean("key", false);
        if (!key && !valid) {
          problems.add("frame #" + r.body().optLong("seq", -1)
              + " skipped: it builds on a frame that could not be read");
          return;
        }
        List<JsonObject> regions = r.body().getObjectList("regions");
        JsonObject geometry = manifest.getObject("geometry");
        for (JsonObject region : regions) {
          if (isCopy(region)) {
            String bad = badCopy(region, key, geometry);
            if (bad != null) {
              throw new SessionException(bad);
            }
            setRect(from, region.getInt("fromX"), region.getInt("fromY"), region);
            copyRect(canvas, from, previous, from);
          }
        }
        for (JsonObject region : regions) {
          if (isCopy(region)) {
            setRect(from, region.getInt("fromX"), region.getInt("fromY"), region);
            setRect(roi, region.getInt("x"), region.getInt("y"), region);
            copyRect(previous, from, canvas, roi);
          }
        }
        for (JsonObject region : regions) {
          if (isCopy(region)) {
            continue;
          }
          ByteBuffer data = readImage(region.getLong("off"), region.getInt("len"),
              (int) region.getLong("crc"));
          roi.x(region.getInt("x")).y(region.getInt("y"))
              .width(region.getInt("w")).height(region.getInt("h"));
          decodeInto(data, canvas, roi);
        }
        valid = true;
        view.reset(r);
        visitor.visit(view);
        delivered++;
      } catch (SessionException | JsonException e) {
        valid = false;
        problems.add("frame #" + r.body().optLong("seq", -1) + " skipped: " + e.getMessage());
      } catch (IOException e) {
        failure = e;
      }
    }

    long finish() throws IOException {
      if (failure != null) {
        throw failure;
      }
      return delivered;
    }

    private void setRect(Rect rect, int x, int y, JsonObject region) {
      rect.x(x).y(y).width(region.getInt("w")).height(region.getInt("h"));
    }

    private void copyRect(Mat src, Rect srcRect, Mat dst, Rect dstRect) {
      try (Mat a = src.apply(srcRect);
          Mat b = dst.apply(dstRect)) {
        a.copyTo(b);
      }
    }

    @Override
    public void close() {
      roi.close();
      from.close();
      canvas.close();
      previous.close();
    }
  }

  private static void decodeInto(ByteBuffer data, Mat canvas, Rect roi) throws SessionException {
    int n = data.remaining();
    try (BytePointer bytes = new BytePointer(n);
        Mat encoded = new Mat(1, n, CV_8UC1, bytes)) {
      bytes.put(data.array(), data.arrayOffset() + data.position(), n);
      try (Mat decoded = imdecode(encoded, IMREAD_COLOR)) {
        if (decoded == null || decoded.empty()) {
          throw new SessionException("an image could not be decoded");
        }
        if (decoded.cols() != roi.width() || decoded.rows() != roi.height()
            || roi.x() < 0 || roi.y() < 0 || roi.x() + roi.width() > canvas.cols()
            || roi.y() + roi.height() > canvas.rows()) {
          throw new SessionException("an image of " + decoded.cols() + "x" + decoded.rows()
              + " does not fit its region " + roi.width() + "x" + roi.height() + "+" + roi.x()
              + "+" + roi.y());
        }
        try (Mat target = canvas.apply(roi)) {
          decoded.copyTo(target);
        }
      }
    }
  }

  private ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
    if (buffer.capacity() < length) {
      buffer = ByteBuffer.allocate(Math.max(length, buffer.capacity() * 2))
          .order(ByteOrder.LITTLE_ENDIAN);
    }
    // Each call gets its own slice so that a header read does not clobber a payload in use.
    ByteBuffer b = length <= 64 ? ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN)
        : buffer;
    b.clear().limit(length);
    long p = position;
    while (b.hasRemaining()) {
      int r = ch.read(b, p);
      if (r < 0) {
        throw new SessionException("unexpected end of file at offset " + p);
      }
      p += r;
    }
    b.flip();
    return b;
  }

  private static boolean allZero(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8192);
    long p = from;
    while (p < to) {
      b.clear();
      int r = ch.read(b, p);
      if (r <= 0) {
        return true;
      }
      for (int i = 0; i < r; i++) {
        if (b.get(i) != 0) {
          return false;
        }
      }
      p += r;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    try {
      timeline.close();
    } finally {
      frames.close();
    }
  }

  private void closeQuietly() {
    closeQuietly(timeline);
    closeQuietly(frames);
  }

  /** Whether the session's records are encrypted. */
  public boolean encrypted() {
    return cipher != null;
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing; the first error is reported
      }
    }
  }
}
