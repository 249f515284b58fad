package io.screentrail.session;

/**
 * Constants of the on-disk session format, versions 1 to 3; {@code docs/FORMAT.md} describes it
 * for readers in other languages.
 *
 * <p>A session is a directory with {@code manifest.json}, {@code timeline.bin} and {@code
 * frames.bin}. Both binary files start with a 16-byte header (8 ASCII bytes naming the file, a
 * little-endian u32 version, a u32 of zero) followed by records, each a 12-byte header (u32 magic,
 * u32 payload length, u32 CRC-32 of the payload as zlib computes it, all little-endian) and the
 * payload. Timeline payloads are UTF-8 JSON objects; frame payloads are encoded images.
 */
public final class SessionFormat {

  /**
   * The highest format version this engine reads, and the one it writes unless told otherwise:
   * version 3 adds JPEG tables stored once per session ({@link JpegTables}), version 2 copy
   * regions in frame records (rectangles copied from the previous frame).
   */
  public static final int VERSION = 3;

  /** Copy regions, every image stored whole: what the engine wrote before version 3. */
  public static final int VERSION_WITH_COPIES = 2;

  /** The format without copy regions, written when copies are turned off, for older readers. */
  public static final int VERSION_WITHOUT_COPIES = 1;

  /** The manifest's {@code format} value. */
  public static final String FORMAT_NAME = "screentrail-session";

  /** File names inside a session directory. */
  public static final String MANIFEST = "manifest.json";

  /** The append-only record file. */
  public static final String TIMELINE = "timeline.bin";

  /** The append-only image file. */
  public static final String FRAMES = "frames.bin";

  /** First 8 bytes of {@link #TIMELINE}. */
  public static final String TIMELINE_SIGNATURE = "STRLTIME";

  /** First 8 bytes of {@link #FRAMES}. */
  public static final String FRAMES_SIGNATURE = "STRLFRMS";

  /** Length of the file header. */
  public static final int FILE_HEADER_BYTES = 16;

  /** Length of a record header. */
  public static final int RECORD_HEADER_BYTES = 12;

  /** Magic of a timeline record: the ASCII bytes {@code STR1}, read as a little-endian u32. */
  public static final int TIMELINE_RECORD_MAGIC = 0x31525453;

  /** Magic of a frame blob: the ASCII bytes {@code STB1}, read as a little-endian u32. */
  public static final int FRAME_BLOB_MAGIC = 0x31425453;

  /** Largest payload a reader accepts; larger lengths mean a damaged header. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

  /**
   * The manifest fields an encrypted session keeps in plaintext: none of them says what was on
   * the screen. The rest of the manifest is in the encrypted first timeline record.
   */
  public static final java.util.List<String> PLAINTEXT_MANIFEST_FIELDS = java.util.List.of(
      "format", "formatVersion", "engine", "sessionId", "createdAt");

  private SessionFormat() {}
}
