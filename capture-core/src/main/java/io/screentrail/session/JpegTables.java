package io.screentrail.session;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * The JPEG tables a session shares (format version 3): the quantization tables (the run of DQT
 * segments just before the frame header) and the standard Huffman tables (the run of DHT segments
 * just before the scan header), as the session's encoder writes them. Every image of a session is
 * encoded at one quality, so each would carry the same DQT segments (138 bytes), and each image
 * too large for computed Huffman tables the same DHT segments (432 bytes).
 *
 * <p>{@link #abbreviate} removes a run from an image when it equals the shared one, byte for byte,
 * and no other segment of that kind is in the image; {@link #restore} puts it back where it was:
 * DQT just before the SOFn marker, DHT just before the SOS marker, when the image has none of its
 * own. The restored image equals the encoder's output byte for byte. Only the headers are walked
 * (a few hundred bytes); the entropy-coded data is copied as it is.
 *
 * <p>Immutable and thread-safe; the two methods allocate nothing.
 */
public final class JpegTables {

  /** The timeline record that carries the tables: {@code {"type":"jpegTables",...}}. */
  public static final String RECORD_TYPE = "jpegTables";

  private static final int DQT = 0xDB;
  private static final int DHT = 0xC4;
  private static final int SOS = 0xDA;

  private final byte[] dqt;
  private final byte[] dht;

  private JpegTables(byte[] dqt, byte[] dht) {
    this.dqt = dqt;
    this.dht = dht;
  }

  /**
   * The tables of a complete JPEG image encoded with the standard Huffman tables, such as the
   * session encoder's output for a small blank image.
   *
   * @throws IllegalArgumentException when the image has no DQT run right before its frame header
   *     or no DHT run right before its scan header
   */
  public static JpegTables of(ByteBuffer jpeg) {
    Layout l = new Layout();
    if (!l.parse(jpeg) || !l.dqt.oneRunEndingAt(l.sof) || !l.dht.oneRunEndingAt(l.sos)) {
      throw new IllegalArgumentException("not a JPEG image with its quantization tables before"
          + " its frame header and its Huffman tables before its scan header");
    }
    byte[] q = new byte[l.dqt.runEnd - l.dqt.runStart];
    byte[] h = new byte[l.dht.runEnd - l.dht.runStart];
    jpeg.get(jpeg.position() + l.dqt.runStart, q);
    jpeg.get(jpeg.position() + l.dht.runStart, h);
    return new JpegTables(q, h);
  }

  /**
   * The tables of a {@code jpegTables} record's {@code dqt} and {@code dht} fields (base64).
   *
   * @throws IllegalArgumentException when a field is not base64 of DQT or DHT segments
   */
  public static JpegTables fromRecord(String dqtBase64, String dhtBase64) {
    byte[] q = Base64.getDecoder().decode(dqtBase64);
    byte[] h = Base64.getDecoder().decode(dhtBase64);
    if (!segmentsOf(q, DQT) || !segmentsOf(h, DHT)) {
      throw new IllegalArgumentException("the jpegTables record does not hold DQT and DHT"
          + " segments");
    }
    return new JpegTables(q, h);
  }

  /** Whether {@code b} is one or more whole segments with {@code marker}. */
  private static boolean segmentsOf(byte[] b, int marker) {
    int p = 0;
    while (p + 4 <= b.length && (b[p] & 0xff) == 0xff && (b[p + 1] & 0xff) == marker) {
      p += 2 + (((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff));
    }
    return p == b.length && p > 0;
  }

  /** The DQT segments, markers included. */
  public byte[] dqt() {
    return dqt.clone();
  }

  /** The DHT segments, markers included. */
  public byte[] dht() {
    return dht.clone();
  }

  /** The {@code dqt} field of the record: base64 of {@link #dqt()}. */
  public String dqtBase64() {
    return Base64.getEncoder().encodeToString(dqt);
  }

  /** The {@code dht} field of the record: base64 of {@link #dht()}. */
  public String dhtBase64() {
    return Base64.getEncoder().encodeToString(dht);
  }

  /**
   * Copies {@code image} (position to limit, not moved) into {@code out} without the runs that
   * equal the shared tables.
   *
   * @param layout scratch state, reused between calls by the one thread that owns it
   * @return the bytes written to {@code out}, or -1 when nothing can be removed (not a JPEG, other
   *     tables, an unexpected layout): then the image is stored whole. {@code out} must hold the
   *     image's length.
   */
  public int abbreviate(ByteBuffer image, byte[] out, Layout layout) {
    if (!layout.parse(image)) {
      return -1;
    }
    int base = image.position();
    Segments q = layout.dqt;
    Segments h = layout.dht;
    boolean cutQ = q.oneRunEndingAt(layout.sof)
        && runEquals(image, base + q.runStart, q.runEnd - q.runStart, dqt);
    boolean cutH = h.oneRunEndingAt(layout.sos)
        && runEquals(image, base + h.runStart, h.runEnd - h.runStart, dht);
    if (!cutQ && !cutH) {
      return -1;
    }
    int n = image.remaining();
    int w = 0;
    int from = 0;
    if (cutQ) {
      image.get(base, out, 0, q.runStart);
      w = q.runStart;
      from = q.runEnd;
    }
    if (cutH) {
      image.get(base + from, out, w, h.runStart - from);
      w += h.runStart - from;
      from = h.runEnd;
    }
    image.get(base + from, out, w, n - from);
    return w + n - from;
  }

  private static boolean runEquals(ByteBuffer image, int at, int length, byte[] run) {
    if (length != run.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (image.get(at + i) != run[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The length of {@code stored} once {@link #restore}d: longer by the runs it lacks; its own
   * length when it is not a JPEG or has both kinds of tables.
   */
  public int restoredLength(ByteBuffer stored, Layout layout) {
    if (!layout.parse(stored)) {
      return stored.remaining();
    }
    return stored.remaining() + (layout.dqt.count == 0 ? dqt.length : 0)
        + (layout.dht.count == 0 ? dht.length : 0);
  }

  /**
   * Copies {@code stored} (position to limit, not moved) into {@code out}, putting back the DQT
   * run before the frame header when it has no DQT segment and the DHT run before the scan
   * header when it has no DHT segment.
   *
   * @param out at least {@link #restoredLength} bytes
   * @return the bytes written
   */
  public int restore(ByteBuffer stored, byte[] out, Layout layout) {
    int n = stored.remaining();
    int base = stored.position();
    if (!layout.parse(stored)) {
      stored.get(base, out, 0, n);
      return n;
    }
    int w = 0;
    int from = 0;
    if (layout.dqt.count == 0) {
      stored.get(base, out, 0, layout.sof);
      System.arraycopy(dqt, 0, out, layout.sof, dqt.length);
      w = layout.sof + dqt.length;
      from = layout.sof;
    }
    if (layout.dht.count == 0) {
      stored.get(base + from, out, w, layout.sos - from);
      w += layout.sos - from;
      System.arraycopy(dht, 0, out, w, dht.length);
      w += dht.length;
      from = layout.sos;
    }
    stored.get(base + from, out, w, n - from);
    return w + n - from;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JpegTables t && Arrays.equals(dqt, t.dqt) && Arrays.equals(dht, t.dht);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(dqt) + Arrays.hashCode(dht);
  }

  /**
   * Where an image's header segments are, relative to its first byte: found by walking the
   * segments from SOI to SOS. Reused scratch for one thread.
   */
  public static final class Layout {
    int sof;
    int sos;
    final Segments dqt = new Segments();
    final Segments dht = new Segments();

    /** Walks the headers; false when the bytes are not a JPEG with a frame and a scan header. */
    boolean parse(ByteBuffer b) {
      int base = b.position();
      int n = b.remaining();
      sof = -1;
      sos = -1;
      dqt.clear();
      dht.clear();
      if (n < 4 || (b.get(base) & 0xff) != 0xff || (b.get(base + 1) & 0xff) != 0xd8) {
        return false;
      }
      int p = 2;
      while (p + 4 <= n) {
        if ((b.get(base + p) & 0xff) != 0xff) {
          return false;
        }
        int marker = b.get(base + p + 1) & 0xff;
        int length = ((b.get(base + p + 2) & 0xff) << 8) | (b.get(base + p + 3) & 0xff);
        if (length < 2) {
          return false;
        }
        int next = p + 2 + length;
        if (marker == DQT) {
          dqt.add(p, next);
        } else if (marker == DHT) {
          dht.add(p, next);
        } else if (marker == SOS) {
          sos = p;
          return sof >= 0 && next <= n;
        } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC8 && marker != 0xCC) {
          if (sof >= 0) {
            return false;
          }
          sof = p;
        }
        p = next;
      }
      return false;
    }
  }

  /** The segments of one kind in an image's headers, and the last run of consecutive ones. */
  static final class Segments {
    int count;
    int runStart;
    int runEnd;
    int runCount;

    void clear() {
      count = 0;
      runStart = -1;
      runEnd = -1;
      runCount = 0;
    }

    void add(int start, int end) {
      if (runEnd != start) {
        runStart = start;
        runCount = 0;
      }
      runEnd = end;
      runCount++;
      count++;
    }

    /** Whether every segment of the kind is in the run and the run ends at {@code at}. */
    boolean oneRunEndingAt(int at) {
      return count > 0 && runCount == count && runEnd == at;
    }
  }
}
