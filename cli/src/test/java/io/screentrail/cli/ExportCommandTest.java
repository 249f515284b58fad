package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.testing.XvfbServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --format frames} of a real recording: one whole image per stored frame. */
class ExportCommandTest {

  @TempDir static Path shared;
  private static Path recorded;
  private static long framesStored;

  @TempDir Path tmp;

  @BeforeAll
  static void record() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    recorded = shared.resolve("recorded");
    try (XvfbServer x = XvfbServer.start(640, 480)) {
      x.client(1000, "xclock", "-update", "1", "-geometry", "150x150+20+20");
      // --no-redact: the pixel checks below read the clock as drawn.
      Result r = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
          "--no-redact", "--out", recorded.toString(), "--fps", "4", "--duration", "3500ms");
      assertThat(r.code()).as(r.toString()).isZero();
    }
    framesStored = CliRunner.inspectJson(recorded).getLong("framesStored");
    assertThat(framesStored).isGreaterThanOrEqualTo(3); // a keyframe plus the clock's ticks
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesOneWholeImagePerFrameNamedInTimeOrder() throws IOException {
    Path out = tmp.resolve("frames");
    Result r = CliRunner.run(CliRunner.env(null), "export", recorded.toString(), "--format",
        "frames", "--out", out.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Exported " + framesStored + " frames (640x480 png) to "
        + out.toAbsolutePath(), "Problems: none");

    List<String> names = names(out);
    assertThat(names).hasSize((int) framesStored);
    long lastMillis = -1;
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      assertThat(n).matches("frame-\\d{6}-t\\d{9}ms\\.png");
      assertThat(n).startsWith(String.format("frame-%06d-", i));
      long millis = Long.parseLong(n.substring(14, 23));
      assertThat(millis).isGreaterThan(lastMillis); // name order is time order
      lastMillis = millis;
      BufferedImage img = ImageIO.read(out.resolve(n).toFile());
      assertThat(img.getWidth()).isEqualTo(640);
      assertThat(img.getHeight()).isEqualTo(480);
    }
    // The clock moved: the first and last frames differ. Its face is white, the root black
    // (within JPEG's error: the session stores JPEG).
    BufferedImage first = ImageIO.read(out.resolve(names.get(0)).toFile());
    BufferedImage last = ImageIO.read(out.resolve(names.get(names.size() - 1)).toFile());
    assertThat(differingPixels(first, last)).isPositive();
    assertThat(first.getRGB(40, 40) & 0xff).isGreaterThan(0xe0);
    assertThat(first.getRGB(400, 300) & 0xff).isLessThan(0x20);
  }

  private static long differingPixels(BufferedImage a, BufferedImage b) {
    long n = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void jpegImagesOnRequest() throws IOException {
    Path out = tmp.resolve("jpeg");
    Result r = CliRunner.run(CliRunner.env(null), "export", recorded.toString(), "--format",
        "frames", "--out", out.toString(), "--image-format", "jpeg");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(names(out)).hasSize((int) framesStored).allMatch(n -> n.endsWith("ms.jpg"));
    // The session stores its JPEG images without their shared tables (format 3); the exported
    // files are whole JPEGs that another decoder (ImageIO's) opens.
    assertThat(Files.readString(recorded.resolve("manifest.json")))
        .containsPattern("\"formatVersion\"\\s*:\\s*3");
    for (String n : names(out)) {
      BufferedImage img = ImageIO.read(out.resolve(n).toFile());
      assertThat(img).as(n).isNotNull();
      assertThat(img.getWidth()).isEqualTo(640);
      assertThat(img.getHeight()).isEqualTo(480);
    }
  }

  @Test
  void refusesANonEmptyOutputDirectory() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(out.resolve("x.png"), "not mine");
    Result r = CliRunner.run(CliRunner.env(null), "export", recorded.toString(), "--format",
        "frames", "--out", out.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("Output directory " + out + " is not empty");
    assertThat(names(out)).containsExactly("x.png");
  }

  @Test
  void foreignDirectoryIsAUsageError() {
    Result r = CliRunner.run(CliRunner.env(null), "export", tmp.toString(), "--format",
        "frames", "--out", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("not a Screentrail session");
  }
}
