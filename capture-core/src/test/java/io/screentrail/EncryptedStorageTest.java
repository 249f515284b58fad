package io.screentrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.input.MouseButton;
import io.screentrail.session.KeyProvider;
import io.screentrail.session.Retention;
import io.screentrail.session.SessionCheck;
import io.screentrail.session.SessionException;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.SessionBytes;
import io.screentrail.testing.XvfbServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest, the byte cap, the free-space floor, a full disk and retention, with the
 * engine recording a real X server where an xterm shows a known marker under a known title.
 */
class EncryptedStorageTest {

  private static final String MARKER = "QUOKKA7731";
  private static final String TITLE = "WOMBAT-TITLE-5524";
  private static final byte[] KEY = HexFormat.of().parseHex(
      "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff");

  private static XvfbServer x;

  @TempDir Path tmp;

  @BeforeAll
  static void startDisplay() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    x = XvfbServer.start(480, 320);
    x.client(1500, "xterm", "-T", TITLE, "-geometry", "50x8+10+10", "-bg", "white", "-fg",
        "black", "-e", "bash", "--norc", "--noprofile", "-c", "echo " + MARKER + "; exec sleep"
            + " 600");
  }

  @AfterAll
  static void stopDisplay() {
    if (x != null) {
      x.close();
    }
  }

  private CaptureEngine.Builder builder(Path dir) {
    return CaptureEngine.builder().sessionDirectory(dir).display(x.display())
        .redaction(RedactionMode.OFF).format(ImageFormat.PNG).fps(5).minFreeBytes(0);
  }

  /** Records a second of the xterm, clicking it and typing the marker through the API. */
  private void recordClickAndType(CaptureEngine.Builder b) throws Exception {
    try (CaptureEngine engine = b.typingPause(Duration.ofMillis(100))
        .settleTimeout(Duration.ofMillis(200)).build();
        io.screentrail.internal.x11.XInputDriver pointer =
            io.screentrail.internal.x11.XInputDriver.open(x.display())) {
      // Without a window manager the focused window is found under the pointer: put it there.
      pointer.moveTo(100, 40);
      engine.start();
      Thread.sleep(400);
      engine.input().buttonPressed(MouseButton.LEFT, 100, 40);
      engine.input().buttonReleased(MouseButton.LEFT, 100, 40);
      Thread.sleep(400);
      for (char c : MARKER.toCharArray()) {
        engine.input().keyTyped(c);
      }
      Thread.sleep(900);
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    return SessionBytes.contains(hay, needle);
  }

  private static byte[] all(Path dir) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (String f : List.of("manifest.json", "timeline.bin", "frames.bin")) {
      out.write(Files.readAllBytes(dir.resolve(f)));
    }
    return out.toByteArray();
  }

  private static List<int[]> frames(Path dir, KeyProvider keys) throws Exception {
    List<String> problems = new ArrayList<>();
    List<int[]> out;
    try (SessionReader r = SessionReader.open(dir, keys)) {
      out = SessionBytes.frames(r, problems);
    }
    assertThat(problems).isEmpty();
    return out;
  }

  @Test
  void anEncryptedRecordingHoldsNoImageNoMarkerNoTitleAndReadsBackLikeAPlaintextOne()
      throws Exception {
    Path plain = tmp.resolve("plain");
    Path sealed = tmp.resolve("sealed");
    recordClickAndType(builder(plain));
    recordClickAndType(builder(sealed).encryption(KeyProvider.of(KEY)));

    byte[] plainBytes = all(plain);
    byte[] sealedBytes = all(sealed);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
    byte[] title = TITLE.getBytes(StandardCharsets.UTF_8);
    byte[] app = "XTerm".getBytes(StandardCharsets.UTF_8);
    // The plaintext session shows what the encrypted one must hide: the test can fail.
    assertThat(contains(plainBytes, png)).isTrue();
    assertThat(contains(plainBytes, marker)).isTrue();
    assertThat(contains(plainBytes, title)).isTrue();
    for (byte[] needle : List.of(png, jpeg, marker, title, app)) {
      assertThat(contains(sealedBytes, needle)).as(new String(needle, StandardCharsets.ISO_8859_1))
          .isFalse();
    }

    try (SessionReader r = SessionReader.open(sealed, KeyProvider.of(KEY))) {
      SessionCheck c = r.check();
      assertThat(c.ok()).as(c.problems().toString()).isTrue();
      assertThat(c.endedCleanly()).isTrue();
      assertThat(c.actions()).isGreaterThanOrEqualTo(2);
      List<String> typed = new ArrayList<>();
      r.scan(rec -> {
        if (rec.type().equals("action")) {
          typed.add(rec.body().optString("text", "") + "|" + rec.body().optString("title", ""));
        }
      });
      assertThat(typed).anyMatch(t -> t.contains(MARKER)).anyMatch(t -> t.contains(TITLE));
    }
    List<int[]> a = frames(plain, null);
    List<int[]> b = frames(sealed, KeyProvider.of(KEY));
    assertThat(a).isNotEmpty();
    assertThat(b).isNotEmpty();
    // The same still screen recorded twice, lossless: the first frames are identical.
    assertThat(b.get(0)).isEqualTo(a.get(0));

    assertThatThrownBy(() -> SessionReader.open(sealed)).isInstanceOf(SessionException.class)
        .hasMessageContaining("--key-file");
    byte[] wrong = KEY.clone();
    wrong[31] ^= 0x55;
    assertThatThrownBy(() -> SessionReader.open(sealed, KeyProvider.of(wrong)))
        .isInstanceOf(SessionException.class).hasMessageContaining("Wrong key");
  }

  @Test
  void aSessionAtItsByteCapStopsCleanlyWithReasonBudget() throws Exception {
    Path dir = tmp.resolve("capped");
    long cap = 1 << 20;
    try (CaptureEngine engine = builder(dir).maxSessionBytes(cap).fps(10).build()) {
      engine.start();
      churn(engine);
      assertThat(engine.awaitStop(Duration.ofSeconds(20))).isTrue();
      assertThat(engine.endReason()).isEqualTo("budget");
      assertThat(engine.storageStop()).contains("cap of " + cap + " bytes");
    }
    try (SessionReader r = SessionReader.open(dir)) {
      SessionCheck c = r.check();
      assertThat(c.ok()).isTrue();
      assertThat(c.endReason()).isEqualTo("budget");
      assertThat(c.bytes() - Files.size(dir.resolve("manifest.json"))).isLessThanOrEqualTo(cap);
      assertThat(c.framesStored()).isGreaterThan(1);
    }
  }

  @Test
  void belowTheFreeSpaceFloorRecordingDoesNotStart() throws Exception {
    Path dir = tmp.resolve("floor");
    long usable = Files.getFileStore(tmp).getUsableSpace();
    CaptureEngine engine = builder(dir).minFreeBytes(usable * 2 + (1L << 30)).build();
    assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("free on the file system of " + dir)
        .hasMessageContaining("below the minimum").hasMessageContaining("--min-free");
    engine.close();
    assertThat(Files.exists(dir.resolve("timeline.bin"))).isFalse();
  }

  /** A small tmpfs, so that a real disk fills up; skipped where mounting is not allowed. */
  private Path smallDisk(String name, String size) throws Exception {
    Path mnt = tmp.resolve(name);
    Files.createDirectories(mnt);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs",
        mnt.toString()).redirectErrorStream(true).start();
    assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root): "
        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    return mnt;
  }

  private static void unmount(Path mnt) throws Exception {
    new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
  }

  /**
   * Covers the screen with an xterm printing random text until the engine stops (or 30 s), so
   * every frame is large.
   */
  private void churn(CaptureEngine engine) throws Exception {
    churn(engine, 30_000);
  }

  private void churn(CaptureEngine engine, long millis) throws Exception {
    Process noise = noise();
    try {
      for (int i = 0; i < millis / 100 && engine.isRunning(); i++) {
        Thread.sleep(100);
      }
    } finally {
      noise.destroy();
      noise.waitFor();
    }
  }

  @Test
  void belowTheFloorWhileRecordingItStopsCleanlyWithReasonDiskLow() throws Exception {
    Path mnt = smallDisk("low", "6m");
    try {
      Path dir = mnt.resolve("session");
      try (CaptureEngine engine = builder(dir).fps(10).minFreeBytes(5L << 20)
          .encryption(KeyProvider.of(KEY)).build()) {
        engine.start();
        churn(engine);
        assertThat(engine.awaitStop(Duration.ofSeconds(20))).isTrue();
        assertThat(engine.endReason()).isEqualTo("disk_low");
        assertThat(engine.storageStop()).contains("free on the file system of " + dir);
        assertThat(engine.failure()).isNull();
      }
      try (SessionReader r = SessionReader.open(dir, KeyProvider.of(KEY))) {
        SessionCheck c = r.check();
        assertThat(c.ok()).as(c.problems().toString()).isTrue();
        assertThat(c.endReason()).isEqualTo("disk_low");
        assertThat(c.tornTail()).isFalse();
      }
    } finally {
      unmount(mnt);
    }
  }

  @Test
  void aFullDiskStopsTheRecordingAndTheSessionReadsUpToItsLastCompleteRecord()
      throws Exception {
    Path mnt = smallDisk("full", "1m");
    try {
      Path dir = mnt.resolve("session");
      try (CaptureEngine engine = builder(dir).fps(10).encryption(KeyProvider.of(KEY))
          .syncInterval(Duration.ZERO).errorHandler((stage, e, n) -> { }).build()) {
        engine.start();
        churn(engine);
        assertThat(engine.awaitStop(Duration.ofSeconds(20))).isTrue();
        assertThat(engine.failure()).contains("No space left on device");
      }
      try (SessionReader r = SessionReader.open(dir, KeyProvider.of(KEY))) {
        SessionCheck c = r.check();
        assertThat(c.problems()).isEmpty();
        assertThat(c.ok()).isTrue();
        assertThat(c.endedCleanly()).isFalse();
        assertThat(c.framesStored()).isPositive();
        List<String> problems = new ArrayList<>();
        long replayed = r.replay(f -> { }, problems);
        assertThat(problems).isEmpty();
        assertThat(replayed).isEqualTo(c.framesStored());
      }
    } finally {
      unmount(mnt);
    }
  }

  @Test
  void retentionRemovesTheOldestSessionsOfTheRootFirstAndLogsThem() throws Exception {
    Path root = tmp.resolve("root");
    // Three earlier sessions, a minute apart, of about 1 MB each.
    long now = System.currentTimeMillis();
    for (int i = 0; i < 3; i++) {
      Path d = root.resolve("old-" + i);
      Files.createDirectories(d);
      Files.writeString(d.resolve("manifest.json"), "{\"format\":\"screentrail-session\","
          + "\"formatVersion\":1,\"sessionId\":\"id-" + i + "\",\"createdAt\":\""
          + java.time.Instant.ofEpochMilli(now - (10 - i) * 60_000L) + "\"}");
      Files.write(d.resolve("frames.bin"), new byte[1 << 20]);
    }
    Path notASession = root.resolve("photos");
    Files.createDirectories(notASession);
    Files.write(notASession.resolve("big.bin"), new byte[3 << 20]);
    Path dir = root.resolve("current");
    try (CaptureEngine engine = builder(dir).retention(root, (3L << 20) / 2, null).build()) {
      engine.start();
      Thread.sleep(500);
      assertThat(engine.sessionsRemoved()).isEqualTo(2);
    }
    assertThat(root.resolve("old-0")).doesNotExist();
    assertThat(root.resolve("old-1")).doesNotExist();
    assertThat(root.resolve("old-2")).exists();
    assertThat(notASession.resolve("big.bin")).exists();
    assertThat(dir.resolve("timeline.bin")).exists();
    var log = Retention.readLog(root);
    assertThat(log).hasSize(2);
    assertThat(log.get(0).getString("session")).isEqualTo("old-0");
    assertThat(log.get(0).getString("sessionId")).isEqualTo("id-0");
    assertThat(log.get(0).getString("reason")).isEqualTo("max-bytes");
    assertThat(log.get(0).getLong("bytes")).isGreaterThan(1 << 20);
    assertThat(log.get(1).getString("session")).isEqualTo("old-1");

    // An age limit removes what is older, whatever the size.
    Path second = root.resolve("second");
    try (CaptureEngine engine = builder(second).retention(root, 0, Duration.ofMinutes(5))
        .build()) {
      engine.start();
      Thread.sleep(300);
    }
    assertThat(root.resolve("old-2")).doesNotExist();
    assertThat(dir).exists();
    assertThat(Retention.readLog(root)).hasSize(3);
    assertThat(Retention.readLog(root).get(2).getString("reason")).isEqualTo("max-age");
  }

  @Test
  void segmentsRotateByteSizedAndTheOldestAreRemovedFirstNeverTheCurrentOne() throws Exception {
    Path root = tmp.resolve("recording");
    long segment = 1 << 20;
    long cap = 3L << 20;
    List<Path> seen = new ArrayList<>();
    try (CaptureEngine engine = builder(root).fps(10).segments(null, segment)
        .retention(root, cap, null).encryption(KeyProvider.of(KEY)).build()) {
      engine.start();
      seen.add(engine.currentSessionDirectory());
      Process noise = noise();
      try {
        for (int i = 0; i < 400 && engine.sessionsRemoved() < 2; i++) {
          Thread.sleep(100);
          if (!seen.contains(engine.currentSessionDirectory())) {
            seen.add(engine.currentSessionDirectory());
          }
        }
      } finally {
        noise.destroy();
        noise.waitFor();
      }
      assertThat(engine.sessionsRemoved()).isGreaterThanOrEqualTo(2);
    }
    List<Path> left;
    try (var dirs = Files.list(root)) {
      left = dirs.filter(Files::isDirectory).sorted().toList();
    }
    var log = Retention.readLog(root);
    assertThat(log).hasSizeGreaterThanOrEqualTo(2);
    // The oldest went first, each logged with its size and reason, never one still there.
    assertThat(log.get(0).getString("session")).isEqualTo(seen.get(0).getFileName().toString());
    assertThat(log.get(1).getString("session")).isEqualTo(seen.get(1).getFileName().toString());
    for (var entry : log) {
      assertThat(entry.getString("reason")).isEqualTo("max-bytes");
      assertThat(entry.getLong("bytes")).isPositive().isLessThanOrEqualTo(segment + 4096);
      assertThat(root.resolve(entry.getString("session"))).doesNotExist();
    }
    assertThat(left).isNotEmpty();
    assertThat(left.get(left.size() - 1)).isEqualTo(seen.get(seen.size() - 1));
    for (int i = 0; i < left.size(); i++) {
      try (SessionReader r = SessionReader.open(left.get(i), KeyProvider.of(KEY))) {
        SessionCheck c = r.check();
        assertThat(c.ok()).as(left.get(i) + ": " + c.problems()).isTrue();
        assertThat(c.endReason()).isEqualTo(i == left.size() - 1 ? "closed" : "segment");
        assertThat(c.bytes()).isLessThanOrEqualTo(segment + 4096);
        List<Boolean> keys = new ArrayList<>();
        r.replay(f -> keys.add(f.keyframe()), new ArrayList<>());
        assertThat(keys).isNotEmpty();
        assertThat(keys.get(0)).as("a segment starts with a whole frame").isTrue();
        assertThat(r.manifest().getLong("segment")).isPositive();
      }
    }
  }

  /** An xterm over the screen printing random text: every frame is large. Destroy it after. */
  private static Process noise() throws java.io.IOException {
    return x.client(0, "xterm", "-geometry", "80x26+0+0", "-e", "bash", "--norc", "--noprofile",
        "-c", "while :; do head -c 900 /dev/urandom | base64 -w 78; sleep 0.03; done");
  }
}
