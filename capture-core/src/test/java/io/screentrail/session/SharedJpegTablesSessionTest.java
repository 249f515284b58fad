package io.screentrail.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.ImageFormat;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.internal.json.JsonWriter;
import io.screentrail.testing.SessionBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format version 3 on whole sessions: each JPEG is stored without the tables the session's
 * {@code jpegTables} record holds, and every reading path gets the encoder's bytes back; version
 * 2 sessions read as before; a session cut anywhere around the tables reads back.
 */
class SharedJpegTablesSessionTest {

  @TempDir Path tmp;

  private static final int W = 320;
  private static final int H = 200;

  private SyntheticRecording record(Path dir, int version, KeyProvider keys) throws IOException {
    SyntheticRecording rec = new SyntheticRecording(dir, W, H, ImageFormat.JPEG, 11, keys, true,
        version);
    rec.capture();
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 24; i++) {
      // Flat rectangles, small and large: JPEG keeps them close, so a wrong image shows.
      int w = i % 6 == 5 ? W - 20 : 8 + random.nextInt(60);
      int h = i % 6 == 5 ? H - 20 : 8 + random.nextInt(30);
      rec.fill(random.nextInt(W - w), random.nextInt(H - h), w, h, random.nextInt(0x1000000));
      rec.capture();
    }
    rec.close();
    return rec;
  }

  private static List<TimelineRecord> records(SessionReader reader) throws IOException {
    List<TimelineRecord> all = new ArrayList<>();
    reader.scan(all::add);
    return all;
  }

  /** Every frame's pixels, as the reader rebuilds them. */
  private static List<int[]> replay(SessionReader reader) throws IOException {
    List<String> problems = new ArrayList<>();
    List<int[]> frames = SessionBytes.frames(reader, problems);
    assertThat(problems).isEmpty();
    return frames;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  /** Stored and restored bytes of every image region, in record order. */
  private static List<byte[][]> images(SessionReader reader, List<TimelineRecord> all)
      throws IOException {
    List<byte[][]> out = new ArrayList<>();
    for (TimelineRecord r : all) {
      if (!r.type().equals("frame")) {
        continue;
      }
      for (JsonObject g : r.body().getObjectList("regions")) {
        if (SessionReader.isCopy(g)) {
          continue;
        }
        long off = g.getLong("off");
        int len = g.getInt("len");
        int crc = (int) g.getLong("crc");
        byte[] stored = bytes(reader.readBlob(off, len, crc));
        byte[] whole = bytes(reader.readImage(off, len, crc));
        out.add(new byte[][] {stored, whole});
      }
    }
    return out;
  }

  @Test
  void eachJpegIsStoredSmallerByTheSharedTablesAndReadsBackAsTheEncodersBytes()
      throws IOException {
    Path dir = tmp.resolve("v3");
    SyntheticRecording rec = record(dir, SessionFormat.VERSION, null);
    try (SessionReader reader = SessionReader.open(dir)) {
      assertThat(reader.manifest().getLong("formatVersion")).isEqualTo(3);
      List<TimelineRecord> all = records(reader);
      assertThat(all.get(0).type()).isEqualTo("start");
      assertThat(all.get(1).type()).isEqualTo(JpegTables.RECORD_TYPE);
      JpegTables tables = JpegTables.fromRecord(all.get(1).body().getString("dqt"),
          all.get(1).body().getString("dht"));
      assertThat(all.stream().filter(r -> r.type().equals(JpegTables.RECORD_TYPE))).hasSize(1);
      long saved = 0;
      int withStandardHuffman = 0;
      List<byte[][]> images = images(reader, all);
      assertThat(images.size()).isGreaterThanOrEqualTo(rec.stored.size());
      for (byte[][] img : images) {
        byte[] stored = img[0];
        byte[] whole = img[1];
        // Every image of the session lost its DQT, and its DHT when it has the standard Huffman
        // tables. Skipping the stripping fails here.
        int removed = whole.length - stored.length;
        assertThat(removed).isIn(tables.dqt().length,
            tables.dqt().length + tables.dht().length);
        withStandardHuffman += removed > tables.dqt().length ? 1 : 0;
        saved += removed;
        assertThat(SessionBytes.contains(stored, tables.dqt())).isFalse();
        assertThat(SessionBytes.contains(whole, tables.dqt())).isTrue();
        // The reader's bytes are a complete JPEG from SOI to EOI.
        assertThat(Arrays.copyOf(whole, 2)).containsExactly((byte) 0xff, (byte) 0xd8);
        assertThat(Arrays.copyOfRange(whole, whole.length - 2, whole.length))
            .containsExactly((byte) 0xff, (byte) 0xd9);
        // A decoder other than OpenCV's opens it.
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(whole)))
            .isNotNull();
      }
      // The session's encoder gives no image Huffman tables of its own: all share the standard.
      assertThat(withStandardHuffman).isEqualTo(images.size());
      SessionCheck check = reader.check();
      assertThat(check.ok()).as("%s", check.problems()).isTrue();
      long onDisk = Files.size(dir.resolve(SessionFormat.MANIFEST))
          + Files.size(dir.resolve(SessionFormat.TIMELINE))
          + Files.size(dir.resolve(SessionFormat.FRAMES));
      assertThat(check.bytes()).as("inspect's bytes are the files' sizes").isEqualTo(onDisk);
      assertThat(saved).isGreaterThan(images.size() * 138L);
      List<int[]> frames = replay(reader);
      assertThat(frames).hasSize(rec.stored.size());
      for (int i = 0; i < frames.size(); i++) {
        assertThat(meanAbsDiff(frames.get(i), rec.stored.get(i))).as("frame %d", i)
            .isLessThan(12.0);
      }
    }
  }

  @Test
  void aVersion2SessionStillStoresAndReadsEveryImageWhole() throws IOException {
    Path dir = tmp.resolve("v2");
    SyntheticRecording rec = record(dir, SessionFormat.VERSION_WITH_COPIES, null);
    try (SessionReader reader = SessionReader.open(dir)) {
      assertThat(reader.manifest().getLong("formatVersion")).isEqualTo(2);
      List<TimelineRecord> all = records(reader);
      assertThat(all).noneMatch(r -> r.type().equals(JpegTables.RECORD_TYPE));
      for (byte[][] img : images(reader, all)) {
        assertThat(img[1]).isEqualTo(img[0]);
        assertThat(JpegTables.of(ByteBuffer.wrap(img[0]))).isNotNull(); // tables in every image
      }
      assertThat(reader.check().ok()).isTrue();
      assertThat(replay(reader)).hasSize(rec.stored.size());
    }
  }

  @Test
  void anEncryptedVersion3SessionReplaysExactlyAsTheSamePlaintextOne() throws IOException {
    Path plain = tmp.resolve("plain");
    Path sealed = tmp.resolve("sealed");
    record(plain, SessionFormat.VERSION, null);
    KeyProvider keys = KeyProvider.of(KeyProvider.generate());
    record(sealed, SessionFormat.VERSION, keys);
    List<int[]> expected;
    List<byte[][]> plainImages;
    try (SessionReader reader = SessionReader.open(plain)) {
      expected = replay(reader);
      plainImages = images(reader, records(reader));
    }
    try (SessionReader reader = SessionReader.open(sealed, keys)) {
      List<TimelineRecord> all = records(reader);
      assertThat(all.get(0).type()).isEqualTo("manifest");
      assertThat(all.get(2).type()).isEqualTo(JpegTables.RECORD_TYPE);
      List<byte[][]> images = images(reader, all);
      assertThat(images).hasSameSizeAs(plainImages);
      for (int i = 0; i < images.size(); i++) {
        assertThat(images.get(i)[0]).as("stored image %d", i).isEqualTo(plainImages.get(i)[0]);
        assertThat(images.get(i)[1]).as("restored image %d", i).isEqualTo(plainImages.get(i)[1]);
      }
      List<int[]> frames = replay(reader);
      assertThat(frames).hasSameSizeAs(expected);
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i)).as("frame %d", i).isEqualTo(expected.get(i));
      }
      assertThat(reader.check().ok()).isTrue();
    }
  }

  @Test
  void replayingRecordsScannedByAnotherReaderFindsTheTables() throws IOException {
    Path dir = tmp.resolve("random");
    record(dir, SessionFormat.VERSION, null);
    List<TimelineRecord> frames = new ArrayList<>();
    List<int[]> expected;
    try (SessionReader first = SessionReader.open(dir)) {
      first.scan(r -> {
        if (r.type().equals("frame")) {
          frames.add(r);
        }
      });
      expected = replay(first);
    }
    try (SessionReader fresh = SessionReader.open(dir)) {
      List<int[]> got = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      fresh.replay(frames, f -> got.add(new int[] {f.rgb(5, 5), f.rgb(150, 100), f.rgb(300, 190)}),
          problems);
      assertThat(problems).isEmpty();
      assertThat(got).hasSameSizeAs(expected);
      for (int i = 0; i < got.size(); i++) {
        int[] e = expected.get(i);
        assertThat(got.get(i)).containsExactly(e[5 * W + 5], e[100 * W + 150], e[190 * W + 300]);
      }
    }
  }

  @Test
  void aSessionKilledAroundTheTablesRecordReadsBackUpToItsLastCompleteRecord()
      throws IOException {
    Path dir = tmp.resolve("whole");
    record(dir, SessionFormat.VERSION, null);
    List<TimelineRecord> all;
    try (SessionReader reader = SessionReader.open(dir)) {
      all = records(reader);
    }
    byte[] timeline = Files.readAllBytes(dir.resolve(SessionFormat.TIMELINE));
    byte[] frames = Files.readAllBytes(dir.resolve(SessionFormat.FRAMES));
    int tablesStart = (int) all.get(1).offset();
    int tablesEnd = (int) all.get(2).offset();
    JsonObject firstFrame = all.stream().filter(r -> r.type().equals("frame")).findFirst()
        .orElseThrow().body();
    int firstImageEnd = (int) (firstFrame.getObjectList("regions").get(0).getLong("off")
        + SessionFormat.RECORD_HEADER_BYTES + firstFrame.getObjectList("regions").get(0)
        .getLong("len"));
    int firstFrameOffset = (int) all.stream().filter(r -> r.type().equals("frame")).findFirst()
        .orElseThrow().offset();

    // Killed inside the tables record: the start record only, a torn tail.
    Cut inTables = cut(timeline, tablesStart + 30, frames, SessionFormat.FILE_HEADER_BYTES);
    assertThat(inTables.check.records()).isEqualTo(1);
    assertThat(inTables.check.tornTail()).isTrue();
    // Killed right after the tables record, before any image reached frames.bin.
    Cut afterTables = cut(timeline, tablesEnd, frames, SessionFormat.FILE_HEADER_BYTES);
    assertThat(afterTables.check.records()).isEqualTo(2);
    assertThat(afterTables.check.tornTail()).isFalse();
    assertThat(afterTables.check.framesStored()).isZero();
    // Killed in the middle of the first image, after the tables record.
    Cut inImage = cut(timeline, firstFrameOffset, frames, firstImageEnd - 100);
    assertThat(inImage.check.records()).isEqualTo(firstFrameOffset == tablesEnd ? 2 : 3);
    assertThat(inImage.check.tornTail()).isTrue();
    assertThat(inImage.frames).isZero();
    // Killed in the middle of the first frame record: its image is whole, the record is not.
    Cut inFrame = cut(timeline, firstFrameOffset + 40, frames, firstImageEnd);
    assertThat(inFrame.check.tornTail()).isTrue();
    assertThat(inFrame.check.framesStored()).isZero();
    // Killed right after the first frame record: that frame reads back whole.
    int afterFirst = (int) all.get(all.indexOf(all.stream().filter(r -> r.type().equals("frame"))
        .findFirst().orElseThrow()) + 1).offset();
    Cut oneFrame = cut(timeline, afterFirst, frames, frames.length);
    assertThat(oneFrame.check.framesStored()).isEqualTo(1);
    assertThat(oneFrame.frames).isEqualTo(1);
  }

  private record Cut(SessionCheck check, long frames) {}

  private Cut cut(byte[] timeline, int timelineBytes, byte[] frames, int framesBytes)
      throws IOException {
    Path copy = Files.createTempDirectory(tmp, "cut");
    Files.copy(tmp.resolve("whole").resolve(SessionFormat.MANIFEST),
        copy.resolve(SessionFormat.MANIFEST));
    Files.write(copy.resolve(SessionFormat.TIMELINE), Arrays.copyOf(timeline, timelineBytes));
    Files.write(copy.resolve(SessionFormat.FRAMES), Arrays.copyOf(frames, framesBytes));
    try (SessionReader reader = SessionReader.open(copy)) {
      SessionCheck check = reader.check();
      assertThat(check.ok()).as("%s", check.problems()).isTrue();
      List<String> problems = new ArrayList<>();
      long n = reader.replay(f -> { }, problems);
      assertThat(problems).isEmpty();
      return new Cut(check, n);
    }
  }

  @Test
  void aJpegWithoutTablesInASessionWithoutTheRecordIsAProblemNamingIt() throws IOException {
    Path source = tmp.resolve("src");
    record(source, SessionFormat.VERSION, null);
    byte[] stored;
    JsonObject region;
    try (SessionReader reader = SessionReader.open(source)) {
      List<TimelineRecord> all = records(reader);
      region = all.stream().filter(r -> r.type().equals("frame")).findFirst().orElseThrow()
          .body().getObjectList("regions").get(0);
      stored = bytes(reader.readBlob(region.getLong("off"), region.getInt("len"),
          (int) region.getLong("crc")));
    }
    // A version 3 session whose writer never shared its tables holds that abbreviated image.
    Path dir = tmp.resolve("untabled");
    try (SessionWriter w = SessionWriter.create(dir, Map.of("geometry",
        Map.of("width", (long) W, "height", (long) H)), 0)) {
      long off = w.appendBlob(ByteBuffer.wrap(stored));
      JsonWriter json = new JsonWriter(512).beginObject().field("type", "frame")
          .field("seq", 0L).field("mono", 1L).field("key", true).field("format", "jpeg")
          .name("regions").beginArray().beginObject().field("x", 0L).field("y", 0L)
          .field("w", (long) W).field("h", (long) H).field("off", off)
          .field("len", (long) w.lastBlobLength())
          .field("crc", Integer.toUnsignedLong(w.lastBlobCrc())).endObject().endArray()
          .endObject();
      w.appendRecord(json);
    }
    try (SessionReader reader = SessionReader.open(dir)) {
      SessionCheck check = reader.check();
      assertThat(check.ok()).isFalse();
      assertThat(check.problems()).singleElement().asString()
          .contains("stored without its tables").contains("no jpegTables record");
    }
  }

  private static double meanAbsDiff(int[] a, int[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int s = 0; s < 24; s += 8) {
        sum += Math.abs(((a[i] >> s) & 0xff) - ((b[i] >> s) & 0xff));
      }
    }
    return sum / (a.length * 3.0);
  }
}
