package io.screentrail.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.screentrail.ImageFormat;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.SessionBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted sessions written by the engine's frame store: no image signature or JSON on disk,
 * the same frames as a plaintext recording of the same screens, a clear refusal without the key
 * or with another one, and changed bytes reported as tampering by record while the rest reads.
 */
class SessionEncryptionTest {

  private static final byte[] KEY = HexFormat.of().parseHex(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  @TempDir Path tmp;

  private static List<int[]> record(Path dir, KeyProvider keys) throws Exception {
    try (SyntheticRecording r = new SyntheticRecording(dir, 160, 96, ImageFormat.PNG, 7, keys)) {
      for (int i = 0; i < 24; i++) {
        r.randomChange();
        r.capture();
      }
      return r.stored;
    }
  }

  private static List<int[]> replay(SessionReader reader, List<String> problems)
      throws Exception {
    return SessionBytes.frames(reader, problems);
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    return SessionBytes.contains(hay, needle);
  }

  @Test
  void anEncryptedSessionHoldsNoImageOrTextAndRebuildsTheSameFramesAsAPlaintextOne()
      throws Exception {
    Path plain = tmp.resolve("plain");
    Path sealed = tmp.resolve("sealed");
    List<int[]> expected = record(plain, null);
    List<int[]> stored = record(sealed, KeyProvider.of(KEY));
    assertThat(stored).hasSameSizeAs(expected);

    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    assertThat(contains(Files.readAllBytes(plain.resolve("frames.bin")), png)).isTrue();
    for (String f : List.of("frames.bin", "timeline.bin", "manifest.json")) {
      byte[] bytes = Files.readAllBytes(sealed.resolve(f));
      assertThat(contains(bytes, png)).as(f).isFalse();
      List<String> words = f.equals("manifest.json")
          ? List.of("geometry", "regions", "width", "display", "config", "input")
          : List.of("\"type\"", "frame", "geometry", "regions", "width");
      for (String text : words) {
        assertThat(contains(bytes, text.getBytes(StandardCharsets.UTF_8))).as(f + ": " + text)
            .isFalse();
      }
    }

    List<String> problems = new ArrayList<>();
    List<int[]> plainFrames;
    try (SessionReader r = SessionReader.open(plain)) {
      plainFrames = replay(r, problems);
    }
    try (SessionReader r = SessionReader.open(sealed, KeyProvider.of(KEY))) {
      assertThat(r.encrypted()).isTrue();
      assertThat(r.manifest().getObject("geometry").getInt("width")).isEqualTo(160);
      assertThat(r.manifest().getObject("encryption").getString("algorithm"))
          .isEqualTo("AES-256-GCM");
      SessionCheck check = r.check();
      assertThat(check.problems()).isEmpty();
      assertThat(check.ok()).isTrue();
      assertThat(check.framesStored()).isEqualTo(expected.size());
      assertThat(check.endedCleanly()).isTrue();
      List<int[]> frames = replay(r, problems);
      assertThat(problems).isEmpty();
      assertThat(frames).hasSameSizeAs(plainFrames);
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i)).as("frame " + i).isEqualTo(plainFrames.get(i));
        assertThat(frames.get(i)).as("frame " + i).isEqualTo(stored.get(i));
      }
    }
  }

  @Test
  void withoutTheKeyOrWithAnotherOneTheSessionIsRefusedAndSaysWhy() throws Exception {
    Path dir = tmp.resolve("s");
    record(dir, KeyProvider.of(KEY));
    assertThatThrownBy(() -> SessionReader.open(dir))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining("is encrypted").hasMessageContaining("--key-file FILE");
    byte[] other = KEY.clone();
    other[0] ^= 1;
    assertThatThrownBy(() -> SessionReader.open(dir, KeyProvider.of(other)))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining("Wrong key")
        .hasMessageContaining(SessionCipher.keyId(KeyProvider.of(KEY).key()))
        .hasMessageContaining(SessionCipher.keyId(KeyProvider.of(other).key()));
  }

  /** Record header offsets of a session file, in order. */
  private static List<Long> offsets(Path file) throws Exception {
    List<Long> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int pos = SessionFormat.FILE_HEADER_BYTES;
    while (pos + SessionFormat.RECORD_HEADER_BYTES <= b.limit()) {
      out.add((long) pos);
      pos += SessionFormat.RECORD_HEADER_BYTES + b.getInt(pos + 4);
    }
    return out;
  }

  private static void flip(Path file, long at) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, at);
      one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
      ch.write(one, at);
    }
  }

  @Test
  void aFlippedByteInATimelineRecordIsReportedAsTamperingAndTheOtherRecordsRead()
      throws Exception {
    Path dir = tmp.resolve("t");
    record(dir, KeyProvider.of(KEY));
    Path timeline = dir.resolve(SessionFormat.TIMELINE);
    List<Long> records = offsets(timeline);
    long target = records.get(5);
    // Fix the CRC too, as someone changing the file on purpose would: only GCM notices.
    flip(timeline, target + SessionFormat.RECORD_HEADER_BYTES + 20);
    try (SessionReader r = SessionReader.open(dir, KeyProvider.of(KEY))) {
      SessionCheck check = r.check();
      assertThat(check.ok()).isFalse();
      assertThat(check.problems()).containsExactly("record #5 in timeline.bin at offset "
          + target + " failed authentication (tampered or corrupt); the record is skipped.");
      assertThat(check.records()).isEqualTo(records.size() - 1);
      assertThat(check.endedCleanly()).isTrue();
    }
    // With the checksum made to match, the record is still refused: the tag is what counts.
    rewriteCrc(timeline, target);
    try (SessionReader r = SessionReader.open(dir, KeyProvider.of(KEY))) {
      assertThat(r.check().problems()).singleElement().asString()
          .contains("record #5 in timeline.bin").contains("failed authentication");
    }
  }

  private static void rewriteCrc(Path file, long header) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(h, header);
      int len = h.getInt(4);
      ByteBuffer p = ByteBuffer.allocate(len);
      ch.read(p, header + 12);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(p.array());
      h.putInt(8, (int) crc.getValue()).rewind();
      ch.write(h, header);
    }
  }

  @Test
  void aFlippedByteInAFrameImageIsReportedAsTamperingNamingTheFrameAndTheRestReplays()
      throws Exception {
    Path dir = tmp.resolve("f");
    List<int[]> stored = record(dir, KeyProvider.of(KEY));
    Path frames = dir.resolve(SessionFormat.FRAMES);
    List<Long> images = offsets(frames);
    long target = images.get(images.size() / 2);
    flip(frames, target + SessionFormat.RECORD_HEADER_BYTES + 30);
    try (SessionReader r = SessionReader.open(dir, KeyProvider.of(KEY))) {
      SessionCheck check = r.check();
      assertThat(check.ok()).isFalse();
      assertThat(check.problems()).singleElement().asString()
          .contains("image record in frames.bin at offset " + target
              + " failed authentication (tampered or corrupt)")
          .containsPattern("^frame #\\d+ \\(timeline offset \\d+\\)");
      List<String> problems = new ArrayList<>();
      List<int[]> replayed = replay(r, problems);
      assertThat(problems).isNotEmpty();
      assertThat(problems.get(0)).contains("failed authentication");
      // Frames up to the damaged one, and from the next keyframe on, still replay exactly.
      assertThat(replayed.size()).isGreaterThan(stored.size() / 3).isLessThan(stored.size());
      assertThat(replayed.get(0)).isEqualTo(stored.get(0));
      assertThat(replayed.get(replayed.size() - 1)).isEqualTo(stored.get(stored.size() - 1));
    }
  }

  @Test
  void recordsMovedToAnotherOffsetDoNotAuthenticate() throws Exception {
    Path dir = tmp.resolve("m");
    record(dir, KeyProvider.of(KEY));
    Path timeline = dir.resolve(SessionFormat.TIMELINE);
    List<Long> records = offsets(timeline);
    byte[] bytes = Files.readAllBytes(timeline);
    // Cut record #3 out: every header and checksum after it stays valid, only their places move.
    int from = (int) (long) records.get(3);
    int to = (int) (long) records.get(4);
    byte[] spliced = new byte[bytes.length - (to - from)];
    System.arraycopy(bytes, 0, spliced, 0, from);
    System.arraycopy(bytes, to, spliced, from, bytes.length - to);
    Files.write(timeline, spliced);
    try (SessionReader r = SessionReader.open(dir, KeyProvider.of(KEY))) {
      SessionCheck check = r.check();
      assertThat(check.records()).isEqualTo(3);
      assertThat(check.problems()).hasSize(records.size() - 4)
          .allMatch(p -> p.contains("failed authentication (tampered or corrupt)"));
    }
  }

  @Test
  void anEncryptedSessionCutAtAnyByteReadsBackUpToItsLastCompleteRecord() throws Exception {
    Path dir = tmp.resolve("cut");
    record(dir, KeyProvider.of(KEY));
    byte[] timeline = Files.readAllBytes(dir.resolve(SessionFormat.TIMELINE));
    List<Long> records = offsets(dir.resolve(SessionFormat.TIMELINE));
    Path copy = tmp.resolve("copy");
    Files.createDirectories(copy);
    Files.copy(dir.resolve("manifest.json"), copy.resolve("manifest.json"));
    Files.copy(dir.resolve("frames.bin"), copy.resolve("frames.bin"));
    int firstFrameRecord = (int) (long) records.get(2);
    for (int cut = firstFrameRecord; cut <= timeline.length; cut += 97) {
      Files.write(copy.resolve(SessionFormat.TIMELINE), Arrays.copyOf(timeline, cut));
      final int at = cut;
      long expected = records.stream().filter(o -> {
        int idx = records.indexOf(o);
        long end = idx + 1 < records.size() ? records.get(idx + 1) : timeline.length;
        return end <= at;
      }).count();
      try (SessionReader r = SessionReader.open(copy, KeyProvider.of(KEY))) {
        SessionCheck check = r.check();
        assertThat(check.problems()).as("cut at " + cut).isEmpty();
        assertThat(check.records()).as("cut at " + cut).isEqualTo(expected);
        if (!records.contains((long) cut) && cut != timeline.length) {
          assertThat(check.tornTail()).as("cut at " + cut).isTrue();
        }
      }
    }
  }

  @Test
  void keyFilesTakeRawHexOrBase64AndAreRefusedWhenOthersCanReadThem() throws Exception {
    Path raw = tmp.resolve("raw.key");
    Path hex = tmp.resolve("hex.key");
    Path b64 = tmp.resolve("b64.key");
    Files.write(raw, KEY);
    Files.writeString(hex, HexFormat.of().formatHex(KEY) + "\n");
    Files.writeString(b64, Base64.getEncoder().encodeToString(KEY));
    for (Path p : List.of(raw, hex, b64)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
      assertThat(KeyProvider.fromFile(p).key().getEncoded()).as(p.toString()).isEqualTo(KEY);
    }
    Files.setPosixFilePermissions(hex, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyProvider.fromFile(hex).key())
        .isInstanceOf(SessionException.class).hasMessageContaining("chmod 600 " + hex);
    Path bad = tmp.resolve("bad.key");
    Files.writeString(bad, "not a key");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> KeyProvider.fromFile(bad).key())
        .hasMessageContaining("does not hold a 256-bit key").hasMessageContaining("keygen");
    assertThatThrownBy(() -> KeyProvider.fromFile(tmp.resolve("none.key")).key())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> KeyProvider.of(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 16");
  }

  @Test
  void theManifestRecordIsTheFirstAndThePlaintextManifestSaysNothingRecorded() throws Exception {
    Path dir = tmp.resolve("manifest");
    record(dir, KeyProvider.of(KEY));
    JsonObject onDisk = JsonObject.of(io.screentrail.internal.json.Json.parseObject(
        Files.readString(dir.resolve("manifest.json"))).asMap());
    assertThat(onDisk.asMap().keySet()).containsExactlyInAnyOrder("format", "formatVersion",
        "sessionId", "encryption");
    try (SessionReader r = SessionReader.open(dir, KeyProvider.of(KEY))) {
      List<String> types = new ArrayList<>();
      r.scan(rec -> types.add(rec.type()));
      assertThat(types.get(0)).isEqualTo("manifest");
      assertThat(types.get(1)).isEqualTo("start");
    }
  }
}
