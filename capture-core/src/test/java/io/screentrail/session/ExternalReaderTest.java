package io.screentrail.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.ImageFormat;
import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format is readable without this library: the Python reader in {@code docs/} (standard
 * library only, written from {@code docs/FORMAT.md}) agrees with {@link SessionReader}.
 */
class ExternalReaderTest {

  @TempDir Path tmp;

  @Test
  void thePythonReaderInTheDocsAgreesWithTheJavaReader() throws Exception {
    Path script = Path.of("..", "docs", "read_session.py").toAbsolutePath().normalize();
    assumeTrue(Files.exists(script), "docs/read_session.py not found");
    assumeTrue(canRun("python3", "--version"), "python3 is not installed");
    Path dir = tmp.resolve("s");
    try (SyntheticRecording rec = new SyntheticRecording(dir, 256, 160, ImageFormat.JPEG, 3)) {
      rec.capture();
      for (int i = 0; i < 15; i++) {
        if (i % 4 != 0) {
          rec.randomChange();
        }
        rec.capture();
      }
    }
    // A torn tail, as a killed recorder leaves it.
    byte[] t = Files.readAllBytes(dir.resolve(SessionFormat.TIMELINE));
    Files.write(dir.resolve(SessionFormat.TIMELINE), java.util.Arrays.copyOf(t, t.length - 7));
    Path extracted = tmp.resolve("regions");
    Process p = new ProcessBuilder("python3", script.toString(), dir.toString(), "--extract",
        extracted.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonObject py = Json.parseObject(out);
    SessionCheck java;
    try (SessionReader reader = SessionReader.open(dir)) {
      java = reader.check();
    }
    assertThat(py.getBoolean("ok")).isEqualTo(java.ok()).isTrue();
    assertThat(py.getBoolean("tornTail")).isEqualTo(java.tornTail()).isTrue();
    assertThat(py.getLong("records")).isEqualTo(java.records());
    assertThat(py.getLong("framesStored")).isEqualTo(java.framesStored());
    assertThat(py.getLong("keyframes")).isEqualTo(java.keyframes());
    assertThat(py.getLong("framesSkippedUnchanged")).isEqualTo(java.framesSkippedUnchanged());
    try (var files = Files.list(extracted)) {
      assertThat(files.filter(f -> f.toString().endsWith(".jpeg")).count())
          .isGreaterThanOrEqualTo(java.framesStored());
    }
    // Version 3 stores each JPEG without the session's tables: the Python reader puts them
    // back, to the bytes the Java reader gives (the encoder's output).
    try (SessionReader reader = SessionReader.open(dir)) {
      java.util.List<TimelineRecord> frames = new java.util.ArrayList<>();
      reader.scan(r -> {
        if (r.type().equals("frame")) {
          frames.add(r);
        }
      });
      for (TimelineRecord r : frames) {
        JsonObject g = r.body().getObjectList("regions").get(0);
        if (SessionReader.isCopy(g)) {
          continue;
        }
        java.nio.ByteBuffer image = reader.readImage(g.getLong("off"), g.getInt("len"),
            (int) g.getLong("crc"));
        byte[] expected = new byte[image.remaining()];
        image.get(expected);
        Path file = extracted.resolve(String.format("frame-%06d-region-0-at-%d-%d.jpeg",
            r.body().getLong("seq"), g.getInt("x"), g.getInt("y")));
        assertThat(Files.readAllBytes(file)).as("%s", file.getFileName()).isEqualTo(expected);
        assertThat(expected.length).isGreaterThan(g.getInt("len"));
      }
    }
  }

  @Test
  void thePythonReaderDecryptsAnEncryptedSessionWithTheKeyFileLikeTheJavaReader()
      throws Exception {
    Path script = Path.of("..", "docs", "read_session.py").toAbsolutePath().normalize();
    assumeTrue(Files.exists(script), "docs/read_session.py not found");
    assumeTrue(canRun("python3", "-c", "import cryptography.hazmat.primitives.ciphers.aead"),
        "python3 with the cryptography package is not installed");
    byte[] key = KeyProvider.generate();
    Path keyFile = tmp.resolve("session.key");
    Files.writeString(keyFile, HexFormat.of().formatHex(key));
    Path dir = tmp.resolve("sealed");
    try (SyntheticRecording rec = new SyntheticRecording(dir, 256, 160, ImageFormat.PNG, 5,
        KeyProvider.of(key))) {
      for (int i = 0; i < 12; i++) {
        rec.randomChange();
        rec.capture();
      }
    }
    Path extracted = tmp.resolve("regions");
    Process p = new ProcessBuilder("python3", script.toString(), dir.toString(), "--key-file",
        keyFile.toString(), "--extract", extracted.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonObject py = Json.parseObject(out);
    SessionCheck java;
    try (SessionReader reader = SessionReader.open(dir, KeyProvider.of(key))) {
      java = reader.check();
    }
    assertThat(py.getBoolean("ok")).isEqualTo(java.ok()).isTrue();
    assertThat(py.getLong("records")).isEqualTo(java.records());
    assertThat(py.getLong("framesStored")).isEqualTo(java.framesStored()).isPositive();
    try (var files = Files.list(extracted)) {
      // Decrypted regions are real PNG files again.
      for (Path f : files.toList()) {
        byte[] head = Arrays.copyOf(Files.readAllBytes(f), 4);
        assertThat(head).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
      }
    }
    Process noKey = new ProcessBuilder("python3", script.toString(), dir.toString())
        .redirectErrorStream(true).start();
    String refused = new String(noKey.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(noKey.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(noKey.exitValue()).isNotZero();
    assertThat(refused).contains("is encrypted").contains("--key-file");
  }

  @Test
  void thePythonReaderRebuildsAScrollingSessionToTheJavaReadersPixels() throws Exception {
    Path script = Path.of("..", "docs", "read_session.py").toAbsolutePath().normalize();
    assumeTrue(Files.exists(script), "docs/read_session.py not found");
    assumeTrue(canRun("python3", "--version"), "python3 is not installed");
    Path dir = tmp.resolve("scrolling");
    SessionRoundTripTest.recordScrolling(dir, ImageFormat.PNG, true);
    java.util.List<String> problems = new java.util.ArrayList<>();
    java.util.List<int[]> java = SessionRoundTripTest.rebuild(dir, problems);
    assertThat(problems).isEmpty();
    Path rebuilt = tmp.resolve("rebuilt");
    Process p = new ProcessBuilder("python3", script.toString(), dir.toString(), "--rebuild",
        rebuilt.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(Json.parseObject(out).getBoolean("ok")).as(out).isTrue();
    java.util.List<Path> frames;
    try (var files = Files.list(rebuilt)) {
      frames = files.sorted().toList();
    }
    assertThat(frames).hasSize(java.size());
    for (int i = 0; i < frames.size(); i++) {
      assertThat(ppmToRgb(Files.readAllBytes(frames.get(i)), 320, 200)).as("frame %d", i)
          .isEqualTo(java.get(i));
    }
  }

  /** The pixels of a binary PPM as {@code 0xRRGGBB}, checking its header. */
  private static int[] ppmToRgb(byte[] ppm, int width, int height) {
    String header = "P6\n" + width + " " + height + "\n255\n";
    assertThat(new String(ppm, 0, header.length(), StandardCharsets.US_ASCII)).isEqualTo(header);
    int[] rgb = new int[width * height];
    for (int i = 0; i < rgb.length; i++) {
      int p = header.length() + i * 3;
      rgb[i] = (ppm[p] & 0xff) << 16 | (ppm[p + 1] & 0xff) << 8 | (ppm[p + 2] & 0xff);
    }
    return rgb;
  }

  private static boolean canRun(String... cmd) {
    try {
      return new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
