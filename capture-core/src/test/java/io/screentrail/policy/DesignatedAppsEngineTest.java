package io.screentrail.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import io.screentrail.ImageFormat;
import io.screentrail.RedactionMode;
import io.screentrail.input.InputMode;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionReader;
import io.screentrail.session.TimelineRecord;
import io.screentrail.session.TrajectoryExporter;
import io.screentrail.testing.XvfbServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judged scenario: under Xvfb a designated xterm (class {@code DesignatedTerm}) and a
 * non-designated xterm side by side, a second designated xterm titled "login shell", the global
 * hook and xdotool playing a person: typing in the designated window, clicking into the other and
 * typing a marker there, typing a password in the login window, pausing by the API and by the
 * hotkey, hiding the designated windows. The session must show the designated window's text, never
 * the other window's pixels, nowhere hold the marker, store the password as a masked run and hold
 * nothing between a pause and its resume.
 */
class DesignatedAppsEngineTest {

  private static final String MARKER = "SECRETMARKER42";
  private static final String PASSWORD = "hunter2secret";
  private static final String PAUSED = "PAUSEDTEXT";
  private static final String HOTKEY_PAUSED = "HOTKEYTEXT";
  /** Left edge of the non-designated xterm; everything right of it must stay black. */
  private static final int OTHER_X = 640;

  @TempDir static Path tmp;
  private static Path session;
  private static CaptureStats stats;
  private static final List<TimelineRecord> records = new ArrayList<>();
  private static final List<String> problems = new ArrayList<>();
  private static final List<Process> xterms = new ArrayList<>();

  @BeforeAll
  static void record() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm")
        && XvfbServer.onPath("xdotool"), "needs Xvfb, xterm and xdotool");
    XvfbServer x = XvfbServer.shared(); // the global hook listens to the JVM's DISPLAY
    xterms.add(x.client(1500, "xterm", "-class", "DesignatedTerm", "-geometry", "60x20+0+0",
        "-bg", "white", "-fg", "black", "-e", "bash", "--norc", "--noprofile"));
    xterms.add(x.client(1500, "xterm", "-geometry", "60x20+" + OTHER_X + "+0", "-bg", "white",
        "-fg", "black", "-e", "bash", "--norc", "--noprofile"));
    xterms.add(x.client(1500, "xterm", "-class", "DesignatedTerm", "-T", "login shell",
        "-geometry", "40x5+0+420", "-bg", "white", "-fg", "black", "-e", "bash", "--norc",
        "--noprofile"));
    session = tmp.resolve("session");
    Policy policy = Policy.builder().allow("DesignatedTerm").pauseHotkey("ctrl+alt+p")
        .purpose("test: designated terminal only").build();
    try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(session)
        .display(x.display()).fps(4).format(ImageFormat.PNG).redaction(RedactionMode.OFF)
        .inputMode(InputMode.GLOBAL).policy(policy).build()) {
      engine.start();
      assertThat(engine.inputUnavailable()).isNull();
      Thread.sleep(800);
      xdo(x, "mousemove", "100", "100", "click", "1");
      xdo(x, "type", "--delay", "40", "echo designated-visible");
      xdo(x, "key", "Return");
      Thread.sleep(800);
      // Into the other window: what is typed there must appear nowhere.
      xdo(x, "mousemove", "800", "100", "click", "1");
      Thread.sleep(300);
      xdo(x, "type", "--delay", "40", "echo " + MARKER);
      xdo(x, "key", "Return");
      Thread.sleep(800);
      // A password in the designated window titled "login shell": a masked run.
      xdo(x, "mousemove", "60", "440", "click", "1");
      Thread.sleep(300);
      xdo(x, "type", "--delay", "40", PASSWORD);
      Thread.sleep(900);
      xdo(x, "key", "Return");
      // Paused by the API: neither the typing nor the screen is stored.
      xdo(x, "mousemove", "100", "100", "click", "1");
      Thread.sleep(600);
      assertThat(engine.pause()).isTrue();
      assertThat(engine.isPaused()).isTrue();
      xdo(x, "type", "--delay", "40", "echo " + PAUSED);
      xdo(x, "key", "Return");
      Thread.sleep(600);
      assertThat(engine.resume()).isTrue();
      Thread.sleep(600);
      // Paused by the hotkey, which itself is not stored.
      xdo(x, "key", "ctrl+alt+p");
      Thread.sleep(300);
      assertThat(engine.isPaused()).isTrue();
      xdo(x, "type", "--delay", "40", "echo " + HOTKEY_PAUSED);
      Thread.sleep(300);
      xdo(x, "key", "ctrl+alt+p");
      Thread.sleep(300);
      assertThat(engine.isPaused()).isFalse();
      xdo(x, "type", "--delay", "40", "echo done");
      xdo(x, "key", "Return");
      Thread.sleep(800);
      // No designated window on screen: captures are counted, not stored.
      xdo(x, "search", "--class", "DesignatedTerm", "windowunmap", "%@");
      Thread.sleep(1200);
      xdo(x, "search", "--class", "DesignatedTerm", "windowmap", "%@");
      Thread.sleep(1000);
      engine.close();
      stats = engine.stats();
    } finally {
      xterms.forEach(Process::destroyForcibly);
    }
    try (SessionReader reader = SessionReader.open(session)) {
      reader.scan(records::add);
      Path jsonl = tmp.resolve("steps.jsonl");
      TrajectoryExporter.export(reader, jsonl, ImageFormat.PNG);
    }
  }

  @AfterAll
  static void cleanUp() {
    xterms.forEach(Process::destroyForcibly);
  }

  private static void xdo(XvfbServer x, String... args) throws IOException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "xdotool";
    System.arraycopy(args, 0, cmd, 1, args.length);
    assertThat(x.run(cmd)).as(String.join(" ", cmd)).isZero();
  }

  @Test
  void exportedFramesShowTheDesignatedWindowAndNeverTheOther() throws IOException {
    List<Path> images;
    try (Stream<Path> files = Files.list(tmp.resolve("steps_frames"))) {
      images = files.sorted().toList();
    }
    assertThat(images).isNotEmpty();
    for (Path image : images) {
      BufferedImage img = ImageIO.read(image.toFile());
      long otherLit = 0;
      for (int y = 0; y < img.getHeight(); y++) {
        for (int xx = OTHER_X; xx < img.getWidth(); xx++) {
          if ((img.getRGB(xx, y) & 0xffffff) != 0) {
            otherLit++;
          }
        }
      }
      assertThat(otherLit).as("pixels of the non-designated area in " + image).isZero();
      long designatedWhite = 0;
      for (int y = 20; y < 200; y++) {
        for (int xx = 20; xx < 300; xx++) {
          if ((img.getRGB(xx, y) & 0xffffff) == 0xffffff) {
            designatedWhite++;
          }
        }
      }
      assertThat(designatedWhite).as("the designated xterm's background in " + image)
          .isGreaterThan(280 * 180 / 2);
    }
  }

  @Test
  void textTypedOutsideTheDesignatedWindowIsNowhere() throws IOException {
    assertThat(stats.keysNotDesignated()).isGreaterThanOrEqualTo(MARKER.length());
    for (Path f : List.of(session.resolve("timeline.bin"), session.resolve("frames.bin"),
        session.resolve("manifest.json"), tmp.resolve("steps.jsonl"))) {
      String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(content).as(f.toString()).doesNotContain(MARKER).doesNotContain(PASSWORD)
          .doesNotContain(PAUSED).doesNotContain(HOTKEY_PAUSED);
    }
    String typed = typedCharacters();
    assertThat(typed).contains("echo designated-visible", "echo done")
        .doesNotContain("SECRET").doesNotContain("MARKER").doesNotContain("PAUSED")
        .doesNotContain("HOTKEY");
    assertThat(actions("type").stream().map(a -> a.optString("text", "")).toList())
        .contains("echo designated-visible").noneMatch(t -> t.contains("MARKER"));
  }

  @Test
  void aPasswordTypedInALoginWindowIsAMaskedRun() {
    JsonObject masked = actions("type").stream().filter(a -> a.optBoolean("masked", false))
        .findFirst().orElseThrow(() -> new AssertionError("no masked type action"));
    assertThat(masked.getLong("length")).isEqualTo(PASSWORD.length());
    assertThat(masked.has("text")).isFalse();
    assertThat(masked.getString("title")).isEqualTo("login shell");
    long maskedTyped = records.stream().filter(r -> r.type().equals("event"))
        .map(TimelineRecord::body)
        .filter(b -> b.getString("kind").equals("key_typed") && b.optBoolean("masked", false))
        .peek(b -> assertThat(b.has("char")).isFalse())
        .count();
    // The password's characters and the Return that ends it (its key_down keeps "enter").
    assertThat(maskedTyped).isEqualTo(PASSWORD.length() + 1);
    assertThat(records.stream().map(TimelineRecord::body)
        .filter(b -> "key_down".equals(b.optString("kind", null)) && b.optBoolean("masked", false)))
        .isNotEmpty().allMatch(b -> !b.has("key"));
  }

  @Test
  void nothingIsStoredBetweenAPauseAndItsResume() {
    List<JsonObject> pauses = bodies("pause");
    List<JsonObject> resumes = bodies("resume");
    assertThat(pauses).extracting(p -> p.getString("reason")).containsExactly("api", "hotkey");
    assertThat(resumes).extracting(p -> p.getString("reason")).containsExactly("api", "hotkey");
    for (int i = 0; i < pauses.size(); i++) {
      long from = pauses.get(i).getLong("mono");
      long to = resumes.get(i).getLong("mono");
      assertThat(to).isGreaterThan(from);
      for (TimelineRecord r : records) {
        if (List.of("frame", "event", "action").contains(r.type())) {
          long mono = r.body().getLong("mono");
          assertThat(mono > from && mono < to).as("%s inside pause %d", r, i).isFalse();
        }
      }
    }
    // The hotkey's own key is not stored: no p pressed with ctrl and alt.
    assertThat(records.stream().map(TimelineRecord::body)
        .filter(b -> "key_down".equals(b.optString("kind", null))
            && "p".equals(b.optString("key", null)))).isEmpty();
  }

  @Test
  void framesWithNoDesignatedWindowAreCountedNotStored() {
    assertThat(stats.framesNotDesignated()).isPositive();
    assertThat(stats.framesCaptured()).isEqualTo(stats.framesStored()
        + stats.framesSkippedUnchanged() + stats.framesDropped() + stats.framesNotDesignated());
    JsonObject end = bodies("end").get(0);
    assertThat(end.getObject("stats").getLong("framesNotDesignated"))
        .isEqualTo(stats.framesNotDesignated());
  }

  @Test
  void theManifestRecordsThePurposeAndThePolicy() throws IOException {
    JsonObject manifest;
    try (SessionReader reader = SessionReader.open(session)) {
      manifest = reader.manifest();
    }
    assertThat(manifest.getString("purpose")).isEqualTo("test: designated terminal only");
    JsonObject policy = manifest.getObject("policy");
    Policy expected = Policy.builder().allow("DesignatedTerm").pauseHotkey("ctrl+alt+p")
        .purpose("test: designated terminal only").build();
    assertThat(policy.getString("hash")).isEqualTo(expected.hash()).startsWith("sha256:");
    assertThat(policy.getObject("rules").getObjectList("allow").get(0).getString("class"))
        .isEqualTo("DesignatedTerm");
  }

  private static String typedCharacters() {
    StringBuilder b = new StringBuilder();
    for (TimelineRecord r : records) {
      if (r.type().equals("event") && r.body().getString("kind").equals("key_typed")
          && r.body().has("char")) {
        b.append(r.body().getString("char"));
      }
    }
    return b.toString();
  }

  private static List<JsonObject> actions(String kind) {
    return records.stream().filter(r -> r.type().equals("action"))
        .map(TimelineRecord::body).filter(b -> b.getString("action").equals(kind)).toList();
  }

  private static List<JsonObject> bodies(String type) {
    return records.stream().filter(r -> r.type().equals(type)).map(TimelineRecord::body)
        .toList();
  }
}
