package io.screentrail.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.screentrail.ImageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRoundTripTest {

  @TempDir Path tmp;

  private SyntheticRecording record(Path dir, ImageFormat format, int changes) throws IOException {
    SyntheticRecording rec = new SyntheticRecording(dir, 320, 200, format, 42);
    rec.capture();
    for (int i = 0; i < changes; i++) {
      if (i % 3 != 2) {
        rec.randomChange();
      }
      rec.capture(); // every third tick is unchanged
    }
    rec.close();
    return rec;
  }

  @Test
  void losslessSessionRebuildsEveryStoredFrameExactly() throws IOException {
    Path dir = tmp.resolve("s");
    SyntheticRecording rec = record(dir, ImageFormat.PNG, 40);
    List<int[]> rebuilt = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      long n = reader.replay(f -> {
        int[] rgb = new int[f.width() * f.height()];
        for (int y = 0; y < f.height(); y++) {
          for (int x = 0; x < f.width(); x++) {
            rgb[y * f.width() + x] = f.rgb(x, y);
          }
        }
        rebuilt.add(rgb);
      }, problems);
      assertThat(n).isEqualTo(rec.stored.size());
      SessionCheck check = reader.check();
      assertThat(check.ok()).isTrue();
      assertThat(check.tornTail()).isFalse();
      assertThat(check.endedCleanly()).isTrue();
      assertThat(check.framesStored()).isEqualTo(rec.stored.size());
      assertThat(check.keyframes()).isBetween(2L, (long) rec.stored.size() - 1);
    }
    assertThat(problems).isEmpty();
    for (int i = 0; i < rebuilt.size(); i++) {
      assertThat(rebuilt.get(i)).as("frame %d", i).isEqualTo(rec.stored.get(i));
    }
  }

  /** A terminal scrolling a line a tick and a page beside it scrolling 40 px every other tick. */
  static SyntheticRecording recordScrolling(Path dir, ImageFormat format, boolean copies)
      throws IOException {
    SyntheticRecording rec = new SyntheticRecording(dir, 320, 200, format, 11, null, copies);
    rec.scroll(10, 10, 180, 170, -170);
    rec.scroll(200, 0, 110, 200, -200);
    rec.capture();
    for (int i = 0; i < 24; i++) {
      rec.scroll(10, 10, 180, 170, -13);
      if (i % 2 == 0) {
        rec.scroll(200, 0, 110, 200, -40);
      }
      rec.capture();
    }
    rec.close();
    return rec;
  }

  static List<int[]> rebuild(Path dir, List<String> problems) throws IOException {
    List<int[]> rebuilt = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      reader.replay(f -> {
        int[] rgb = new int[f.width() * f.height()];
        for (int y = 0; y < f.height(); y++) {
          for (int x = 0; x < f.width(); x++) {
            rgb[y * f.width() + x] = f.rgb(x, y);
          }
        }
        rebuilt.add(rgb);
      }, problems);
    }
    return rebuilt;
  }

  @Test
  void aScrollingSessionIsStoredAsCopiesAndRebuildsEveryFrameExactly() throws IOException {
    Path dir = tmp.resolve("copies");
    SyntheticRecording rec = recordScrolling(dir, ImageFormat.PNG, true);
    Path plainDir = tmp.resolve("images-only");
    SyntheticRecording plain = recordScrolling(plainDir, ImageFormat.PNG, false);
    List<String> problems = new ArrayList<>();
    List<int[]> rebuilt = rebuild(dir, problems);
    List<int[]> rebuiltPlain = rebuild(plainDir, problems);
    assertThat(problems).isEmpty();
    assertThat(rebuilt).hasSize(rec.stored.size());
    for (int i = 0; i < rebuilt.size(); i++) {
      assertThat(rebuilt.get(i)).as("frame %d", i).isEqualTo(rec.stored.get(i));
      assertThat(rebuiltPlain.get(i)).as("frame %d without copies", i)
          .isEqualTo(rec.stored.get(i));
    }
    long copyRegions;
    try (SessionReader reader = SessionReader.open(dir)) {
      assertThat(reader.manifest().getLong("formatVersion")).isEqualTo(SessionFormat.VERSION);
      long[] n = {0};
      reader.scan(r -> {
        if (r.type().equals("frame")) {
          n[0] += r.body().getObjectList("regions").stream().filter(SessionReader::isCopy)
              .count();
        }
      });
      copyRegions = n[0];
      SessionCheck check = reader.check();
      assertThat(check.ok()).as("%s", check.problems()).isTrue();
      assertThat(check.performance().get("regionsCopied")).isEqualTo(copyRegions);
    }
    // Every tick scrolls the terminal: each delta frame copies it.
    assertThat(copyRegions).isGreaterThanOrEqualTo(rec.stored.size() / 2);
    try (SessionReader reader = SessionReader.open(plainDir)) {
      assertThat(reader.manifest().getLong("formatVersion")).isEqualTo(1);
      assertThat(reader.check().performance().get("regionsCopied")).isEqualTo(0L);
    }
    assertThat(Files.size(dir.resolve(SessionFormat.FRAMES)))
        .isLessThan(Files.size(plainDir.resolve(SessionFormat.FRAMES)) / 2);
  }

  @Test
  void aCopyRegionOutsideTheFrameIsReportedAndItsFrameSkipped() throws IOException {
    Path dir = tmp.resolve("bad-copy");
    recordScrolling(dir, ImageFormat.PNG, true);
    // Rewrite one copy's source past the bottom edge, keeping the record's length and checksum
    // valid, as a buggy writer would.
    byte[] t = Files.readAllBytes(dir.resolve(SessionFormat.TIMELINE));
    String text = new String(t, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"fromY\":");
    assertThat(at).isPositive();
    int end = text.indexOf('}', at);
    String digits = text.substring(at + 8, end);
    String replaced = "9".repeat(digits.length());
    byte[] changed = (text.substring(0, at + 8) + replaced + text.substring(end))
        .getBytes(StandardCharsets.ISO_8859_1);
    int recordStart = text.lastIndexOf("STR1", at);
    ByteBuffer h = ByteBuffer.wrap(changed, recordStart, 12)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    h.getInt();
    int length = h.getInt();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(changed, recordStart + 12, length);
    ByteBuffer.wrap(changed, recordStart + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt((int) crc.getValue());
    Files.write(dir.resolve(SessionFormat.TIMELINE), changed);
    List<String> problems = new ArrayList<>();
    rebuild(dir, problems);
    assertThat(problems).isNotEmpty();
    assertThat(problems.get(0)).contains("copy region").contains("outside");
    try (SessionReader reader = SessionReader.open(dir)) {
      SessionCheck check = reader.check();
      assertThat(check.ok()).isFalse();
      assertThat(check.problems().get(0)).contains("outside the 320x200 frame");
    }
  }

  @Test
  void jpegSessionRebuildsFramesCloseToTheOriginal() throws IOException {
    Path dir = tmp.resolve("j");
    SyntheticRecording rec = new SyntheticRecording(dir, 320, 200, ImageFormat.JPEG, 7);
    rec.capture();
    rec.fill(20, 20, 100, 40, 0xFFFFFF);
    rec.capture();
    rec.fill(200, 150, 30, 30, 0xFF0000);
    rec.capture();
    rec.close();
    List<Integer> samples = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      reader.replay(f -> samples.add(f.rgb(60, 40)) , new ArrayList<>());
      reader.replay(f -> samples.add(f.rgb(215, 165)), new ArrayList<>());
    }
    assertThat(samples).hasSize(6);
    assertThat(samples.get(1) & 0xFF).as("white area's blue").isGreaterThan(240);
    assertThat((samples.get(5) >> 16) & 0xFF).as("red area's red").isGreaterThan(230);
    assertThat(samples.get(5) & 0xFF).as("red area's blue").isLessThan(30);
  }

  @Test
  void aTimelineCutAtEveryByteReadsBackUpToItsLastCompleteRecord() throws IOException {
    Path dir = tmp.resolve("cut");
    record(dir, ImageFormat.JPEG, 12);
    Path timeline = dir.resolve(SessionFormat.TIMELINE);
    byte[] whole = Files.readAllBytes(timeline);
    List<Long> recordEnds = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      reader.scan(r -> recordEnds.add(r.offset()));
    }
    recordEnds.remove(0);
    recordEnds.add((long) whole.length);
    Path copy = tmp.resolve("copy");
    Files.createDirectories(copy);
    for (String f : List.of(SessionFormat.MANIFEST, SessionFormat.FRAMES)) {
      Files.copy(dir.resolve(f), copy.resolve(f));
    }
    for (int cut = SessionFormat.FILE_HEADER_BYTES; cut <= whole.length; cut++) {
      Files.write(copy.resolve(SessionFormat.TIMELINE), java.util.Arrays.copyOf(whole, cut));
      long complete = 0;
      for (long end : recordEnds) {
        if (end <= cut) {
          complete++;
        }
      }
      boolean atBoundary = cut == SessionFormat.FILE_HEADER_BYTES || recordEnds.contains((long) cut);
      try (SessionReader reader = SessionReader.open(copy)) {
        SessionCheck check = reader.check();
        assertThat(check.ok()).as("cut at %d: %s", cut, check.problems()).isTrue();
        assertThat(check.records()).as("cut at %d", cut).isEqualTo(complete);
        // Cut inside a record: torn. Cut between records: the image file may still hold images
        // the shortened timeline no longer references, which also counts as torn.
        if (!atBoundary) {
          assertThat(check.tornTail()).as("cut at %d", cut).isTrue();
        }
      }
    }
  }

  @Test
  void aZeroFilledTailIsTornNotCorrupt() throws IOException {
    Path dir = tmp.resolve("zeros");
    record(dir, ImageFormat.JPEG, 5);
    long records;
    try (SessionReader reader = SessionReader.open(dir)) {
      records = reader.check().records();
    }
    try (FileChannel ch = FileChannel.open(dir.resolve(SessionFormat.TIMELINE),
        StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.allocate(4096));
    }
    try (SessionReader reader = SessionReader.open(dir)) {
      SessionCheck check = reader.check();
      assertThat(check.ok()).isTrue();
      assertThat(check.tornTail()).isTrue();
      assertThat(check.records()).isEqualTo(records);
    }
  }

  @Test
  void aFlippedByteInTheMiddleIsReportedByOffsetAndTheRestStillReads() throws IOException {
    Path dir = tmp.resolve("flip");
    record(dir, ImageFormat.JPEG, 9);
    List<TimelineRecord> all = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      reader.scan(all::add);
    }
    TimelineRecord victim = all.get(3);
    Path timeline = dir.resolve(SessionFormat.TIMELINE);
    byte[] bytes = Files.readAllBytes(timeline);
    int at = (int) victim.offset() + SessionFormat.RECORD_HEADER_BYTES + 5;
    bytes[at] ^= 0x20;
    Files.write(timeline, bytes);
    try (SessionReader reader = SessionReader.open(dir)) {
      SessionCheck check = reader.check();
      assertThat(check.ok()).isFalse();
      assertThat(check.tornTail()).isFalse();
      assertThat(check.records()).isEqualTo(all.size() - 1);
      assertThat(check.problems()).singleElement().asString()
          .contains("checksum mismatch").contains("offset " + victim.offset());
      assertThat(check.endedCleanly()).isTrue();
    }
  }

  @Test
  void aDamagedImageIsReportedAndReplaySkipsUntilTheNextKeyframe() throws IOException {
    Path dir = tmp.resolve("img");
    SyntheticRecording rec = record(dir, ImageFormat.PNG, 20);
    Path frames = dir.resolve(SessionFormat.FRAMES);
    byte[] bytes = Files.readAllBytes(frames);
    bytes[SessionFormat.FILE_HEADER_BYTES + SessionFormat.RECORD_HEADER_BYTES + 40] ^= 0x01;
    Files.write(frames, bytes);
    try (SessionReader reader = SessionReader.open(dir)) {
      SessionCheck check = reader.check();
      assertThat(check.ok()).isFalse();
      assertThat(check.problems().get(0)).contains("frame #0").contains("checksum mismatch");
      List<String> problems = new ArrayList<>();
      long n = reader.replay(f -> { }, problems);
      assertThat(n).isLessThan(rec.stored.size()).isGreaterThan(0);
      assertThat(problems).isNotEmpty();
    }
  }

  @Test
  void foreignAndDamagedDirectoriesGetMessagesThatSayWhat() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> SessionReader.open(empty))
        .isInstanceOf(SessionException.class).hasMessageContaining("has no manifest.json");

    Path badJson = Files.createDirectories(tmp.resolve("badjson"));
    Files.writeString(badJson.resolve("manifest.json"), "{\"format\": ");
    assertThatThrownBy(() -> SessionReader.open(badJson))
        .hasMessageContaining("is not valid JSON");

    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("manifest.json"), "{\"format\": \"something-else\"}");
    assertThatThrownBy(() -> SessionReader.open(other))
        .hasMessageContaining("format is 'something-else'");

    Path newer = Files.createDirectories(tmp.resolve("newer"));
    Files.writeString(newer.resolve("manifest.json"),
        "{\"format\": \"screentrail-session\", \"formatVersion\": 99}");
    assertThatThrownBy(() -> SessionReader.open(newer)).hasMessageContaining("version 99");

    Path dir = tmp.resolve("sig");
    record(dir, ImageFormat.JPEG, 2);
    Files.write(dir.resolve(SessionFormat.TIMELINE), "PK\u0003\u0004 not ours at all"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> SessionReader.open(dir))
        .hasMessageContaining("is not a Screentrail STRLTIME file").hasMessageContaining("PK..");
  }

  @Test
  void aNonEmptyDirectoryIsRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(dir.resolve("keep.txt"), "precious");
    assertThatThrownBy(() -> SessionWriter.create(dir, java.util.Map.of(), 0))
        .isInstanceOf(SessionException.class).hasMessageContaining("is not empty");
    assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("precious");
  }
}
