package io.screentrail.session;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Appends to a new session directory: images to {@code frames.bin}, then the timeline records
 * that reference them to {@code timeline.bin}, so a record is on disk only after the bytes it
 * points at. The images appended since the last record go out together in one write just
 * before the next record, and each record in one gathering write; a process killed at any moment
 * leaves complete records followed by at most one torn one, which {@link SessionReader} detects
 * and ignores. Written bytes are forced to the device at most {@code syncIntervalNanos} apart
 * (frames before the timeline), and on {@link #close()}.
 *
 * <p>From format version 3, JPEG images are stored without the tables the session stores once in
 * its {@code jpegTables} record ({@link #shareJpegTables}), which comes before any image that
 * lacks them.
 *
 * <p>Not thread-safe: the engine's encoder thread owns the writer. Header buffers and the checksum
 * are reused; appending allocates nothing.
 */
public final class SessionWriter implements AutoCloseable {

  /** Images of one frame gathered for one write (a keyframe is larger and written alone). */
  private static final int PENDING_FRAME_BYTES = 512 * 1024;

  private final Path directory;
  private final FileChannel timeline;
  private final FileChannel frames;
  private final long syncIntervalNanos;
  private final ByteBuffer header =
      ByteBuffer.allocateDirect(SessionFormat.RECORD_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final ByteBuffer[] gather = new ByteBuffer[2];
  /**
   * Images appended since the last timeline record, headers included, written to {@code
   * frames.bin} in one write just before the next record (or sync): a frame's images cost one
   * system call instead of one each, and still reach the file before the record that references
   * them. An image larger than this buffer is written on its own.
   */
  private final ByteBuffer pendingFrames = ByteBuffer.allocateDirect(PENDING_FRAME_BYTES);
  private final CRC32 crc = new CRC32();
  private ByteBuffer payloadView = ByteBuffer.allocate(0);
  private SessionCipher cipher;
  private final int version;
  /** The tables images are stored without (version 3), or null: every image stored whole. */
  private JpegTables tables;
  private final JpegTables.Layout layout = new JpegTables.Layout();
  /** An image without its shared tables, grown to the largest image seen. */
  private byte[] abbreviated = new byte[64 * 1024];
  private ByteBuffer abbreviatedView = ByteBuffer.wrap(abbreviated);
  private int lastBlobLength;
  private long timelineSize;
  private long framesSize;
  private int lastBlobCrc;
  private long lastSyncNanos;
  private boolean dirty;
  private boolean closed;

  private SessionWriter(Path directory, FileChannel timeline, FileChannel frames,
      long syncIntervalNanos, int version) {
    this.version = version;
    this.directory = directory;
    this.timeline = timeline;
    this.frames = frames;
    this.syncIntervalNanos = syncIntervalNanos;
    this.gather[0] = header;
  }

  /**
   * Creates the session directory (or takes an empty one), writes the manifest and the two file
   * headers.
   *
   * @param directory where the session goes; must not exist, or be an empty directory
   * @param manifest the manifest's content; {@code format} and {@code formatVersion} are added
   *     ({@code formatVersion} {@link SessionFormat#VERSION} unless the manifest gives one, which
   *     the file headers then carry too)
   * @param syncIntervalNanos force written bytes to the device at most this far apart; 0 forces
   *     after every record
   * @throws SessionException if the directory is not empty or cannot be written, with the reason
   */
  public static SessionWriter create(Path directory, Map<String, Object> manifest,
      long syncIntervalNanos) throws SessionException {
    return create(directory, manifest, syncIntervalNanos, null);
  }

  /**
   * Creates a session like {@link #create(Path, Map, long)}, encrypted with AES-256-GCM under the
   * key {@code keys} gives when it is not {@code null}. Then {@code manifest.json} keeps only what
   * is safe in plaintext (format, engine, session id, creation time, the key's id and check
   * value) and the whole manifest becomes the timeline's first record, {@code
   * {"type":"manifest","manifest":{...}}}, encrypted like every other record.
   *
   * @throws SessionException also when the key cannot be had, with the provider's reason
   */
  public static SessionWriter create(Path directory, Map<String, Object> manifest,
      long syncIntervalNanos, KeyProvider keys) throws SessionException {
    javax.crypto.SecretKey key = keys == null ? null : keys.key();
    requireEmptyDirectory(directory);
    FileChannel timeline = null;
    FileChannel frames = null;
    try {
      Files.createDirectories(directory);
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("format", SessionFormat.FORMAT_NAME);
      m.put("formatVersion", (long) SessionFormat.VERSION);
      m.putAll(manifest);
      int version = ((Number) m.get("formatVersion")).intValue();
      Map<String, Object> full = m;
      SessionCipher cipher = null;
      if (key != null) {
        m.putIfAbsent("sessionId", java.util.UUID.randomUUID().toString());
        cipher = SessionCipher.create(key, String.valueOf(m.get("sessionId")));
        m = plaintextManifest(full, SessionCipher.describe(key));
      }
      writeAtomically(directory.resolve(SessionFormat.MANIFEST),
          Json.writePretty(m).getBytes(StandardCharsets.UTF_8));
      timeline = open(directory.resolve(SessionFormat.TIMELINE), SessionFormat.TIMELINE_SIGNATURE,
          version);
      frames = open(directory.resolve(SessionFormat.FRAMES), SessionFormat.FRAMES_SIGNATURE,
          version);
      // The directory entries must survive a power cut, not only the file contents.
      forceDirectory(directory);
      SessionWriter w = new SessionWriter(directory, timeline, frames, syncIntervalNanos,
          version);
      w.timelineSize = SessionFormat.FILE_HEADER_BYTES;
      w.framesSize = SessionFormat.FILE_HEADER_BYTES;
      w.lastSyncNanos = System.nanoTime();
      if (cipher != null) {
        w.cipher = cipher;
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("type", "manifest");
        record.put("mono", 0L);
        record.put("manifest", full);
        byte[] json = Json.write(record).getBytes(StandardCharsets.UTF_8);
        w.timelineSize += w.append(timeline, SessionFormat.TIMELINE_RECORD_MAGIC,
            ByteBuffer.wrap(json), SessionCipher.FILE_TIMELINE, w.timelineSize);
      }
      return w;
    } catch (IOException e) {
      closeQuietly(timeline);
      closeQuietly(frames);
      throw new SessionException("Cannot create session in " + directory + ": " + describe(e)
          + ". Check that the parent directory is writable and has free space.", e);
    }
  }

  /** The manifest fields that say nothing about what was recorded, and the encryption object. */
  private static Map<String, Object> plaintextManifest(Map<String, Object> full,
      Map<String, Object> encryption) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (String k : SessionFormat.PLAINTEXT_MANIFEST_FIELDS) {
      if (full.containsKey(k)) {
        m.put(k, full.get(k));
      }
    }
    m.put("encryption", encryption);
    return m;
  }

  private static void requireEmptyDirectory(Path directory) throws SessionException {
    if (!Files.exists(directory)) {
      return;
    }
    if (!Files.isDirectory(directory)) {
      throw new SessionException("Session path " + directory
          + " exists and is not a directory: give a new directory name.");
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      if (entries.iterator().hasNext()) {
        throw new SessionException("Session directory " + directory
            + " is not empty: give a new or empty directory (a recording never overwrites files).");
      }
    } catch (SessionException e) {
      throw e;
    } catch (IOException e) {
      throw new SessionException("Cannot list " + directory + ": " + describe(e), e);
    }
  }

  private static FileChannel open(Path file, String signature, int version)
      throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ByteBuffer h = ByteBuffer.allocate(SessionFormat.FILE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put(signature.getBytes(StandardCharsets.US_ASCII)).putInt(version).putInt(0);
    h.flip();
    while (h.hasRemaining()) {
      ch.write(h);
    }
    ch.force(true);
    return ch;
  }

  /** Writes {@code bytes} to {@code file} through a temporary file and a rename. */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open a directory; the files are forced regardless.
    }
  }

  /**
   * Writes the {@code jpegTables} record (version 3) and from then on stores JPEG images whose
   * tables equal {@code shared} without them ({@link JpegTables#abbreviate}). Call it once, before
   * the first frame record; a session of an older version keeps every image whole.
   *
   * @param monoNanos the record's {@code mono}
   * @return whether the tables are shared: false before version 3, or when already shared
   */
  public boolean shareJpegTables(JpegTables shared, long monoNanos) throws IOException {
    if (version < SessionFormat.VERSION || tables != null) {
      return false;
    }
    // Written before any image that lacks them, so a reader meets the tables first.
    appendRecord(new JsonWriter(1024).beginObject().field("type", JpegTables.RECORD_TYPE)
        .field("mono", monoNanos).field("dqt", shared.dqtBase64())
        .field("dht", shared.dhtBase64()).endObject());
    tables = shared;
    return true;
  }

  /**
   * Appends an encoded image (position to limit of {@code image}) to {@code frames.bin}; a JPEG
   * without the tables the session shares, if any ({@link #shareJpegTables}).
   *
   * @return the offset of the blob's header, for the timeline record that references it; the
   *     payload's checksum is {@link #lastBlobCrc()}
   */
  public long appendBlob(ByteBuffer image) throws IOException {
    long offset = framesSize;
    ByteBuffer plain = image;
    if (tables != null) {
      if (abbreviated.length < image.remaining()) {
        abbreviated = new byte[Math.max(image.remaining(), abbreviated.length * 2)];
        abbreviatedView = ByteBuffer.wrap(abbreviated);
      }
      int n = tables.abbreviate(image, abbreviated, layout);
      if (n >= 0) {
        plain = abbreviatedView.clear().limit(n);
      }
    }
    ByteBuffer payload = seal(SessionFormat.FRAME_BLOB_MAGIC, plain, SessionCipher.FILE_FRAMES,
        offset);
    long stored = (long) SessionFormat.RECORD_HEADER_BYTES + payload.remaining();
    if (stored > pendingFrames.remaining()) {
      flushFrames();
    }
    if (stored <= pendingFrames.remaining()) {
      pendingFrames.put(header).put(payload);
      dirty = true;
    } else {
      write(frames, payload, stored);
    }
    framesSize += stored;
    lastBlobCrc = (int) crc.getValue();
    lastBlobLength = (int) (stored - SessionFormat.RECORD_HEADER_BYTES);
    return offset;
  }

  /**
   * Stored payload length of the last {@link #appendBlob} call: the image's length, plus {@value
   * SessionCipher#OVERHEAD} bytes of nonce and tag in an encrypted session.
   */
  public int lastBlobLength() {
    return lastBlobLength;
  }

  /** The session's format version, as its manifest and file headers give it. */
  public int version() {
    return version;
  }

  /** Whether records are encrypted. */
  public boolean encrypted() {
    return cipher != null;
  }

  /** CRC-32 of the payload of the last {@link #appendBlob} call. */
  public int lastBlobCrc() {
    return lastBlobCrc;
  }

  /** Appends the JSON in {@code record} as one timeline record. */
  public void appendRecord(JsonWriter record) throws IOException {
    if (payloadView.array() != record.bytes()) {
      payloadView = ByteBuffer.wrap(record.bytes());
    }
    payloadView.clear().limit(record.length());
    flushFrames(); // the images a record references go first
    timelineSize += append(timeline, SessionFormat.TIMELINE_RECORD_MAGIC, payloadView,
        SessionCipher.FILE_TIMELINE, timelineSize);
  }

  private long append(FileChannel ch, int magic, ByteBuffer plain, byte file, long offset)
      throws IOException {
    ByteBuffer payload = seal(magic, plain, file, offset);
    long total = (long) SessionFormat.RECORD_HEADER_BYTES + payload.remaining();
    write(ch, payload, total);
    return total;
  }

  /** The payload to store (encrypted when the session is), its checksum and {@link #header}. */
  private ByteBuffer seal(int magic, ByteBuffer plain, byte file, long offset)
      throws IOException {
    if (closed) {
      throw new IOException("session writer is closed");
    }
    ByteBuffer payload = cipher == null ? plain : cipher.seal(plain, file, offset);
    int length = payload.remaining();
    crc.reset();
    crc.update(payload.duplicate());
    header.clear();
    header.putInt(magic).putInt(length).putInt((int) crc.getValue()).flip();
    return payload;
  }

  /** Writes {@link #header} and {@code payload} ({@code total} bytes) in one gathering write. */
  private void write(FileChannel ch, ByteBuffer payload, long total) throws IOException {
    gather[1] = payload;
    long written = 0;
    while (written < total) {
      written += ch.write(gather);
    }
    gather[1] = null;
    dirty = true;
  }

  /** Writes the images waiting in {@link #pendingFrames}, if any. */
  private void flushFrames() throws IOException {
    if (pendingFrames.position() == 0) {
      return;
    }
    pendingFrames.flip();
    try {
      while (pendingFrames.hasRemaining()) {
        frames.write(pendingFrames);
      }
    } finally {
      pendingFrames.clear();
    }
  }

  /** Forces written bytes to the device if the sync interval has passed since the last time. */
  public void maybeSync(long nowNanos) throws IOException {
    if (dirty && nowNanos - lastSyncNanos >= syncIntervalNanos) {
      sync();
      lastSyncNanos = nowNanos;
    }
  }

  /** Forces written bytes to the device: images first, so that no record outlives its image. */
  public void sync() throws IOException {
    flushFrames();
    frames.force(false);
    timeline.force(false);
    dirty = false;
  }

  /** Bytes in the session's files so far, headers and manifest excluded. */
  public long bytesWritten() {
    return timelineSize + framesSize - 2L * SessionFormat.FILE_HEADER_BYTES;
  }

  /** The session directory. */
  public Path directory() {
    return directory;
  }

  /** Forces and closes both files. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      sync();
    } finally {
      closeQuietly(frames);
      timeline.close();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Closing after a failure: the first error is the one worth reporting.
      }
    }
  }

  static String describe(IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return "a file is already there";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
