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
