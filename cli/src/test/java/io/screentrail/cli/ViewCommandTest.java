package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.HeadlessChromium;
import io.screentrail.testing.XvfbServer;
import io.screentrail.view.SessionReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code screentrail view} judged the way a reviewer would: a short real recording under Xvfb
 * (xterm, an xdotool click and typing, recorded by {@code screentrail record --input global} in
 * its own JVM), then the report opened in headless Chromium, as a file and served, with the
 * screenshot checked for the recorded frame and the click marker where the click was.
 */
class ViewCommandTest {

  private static final int MARKER = 0xFF00FF;
  private static final int CLICK_X = 200;
  private static final int CLICK_Y = 150;

  @TempDir static Path shared;
  private static XvfbServer x;
  private static Path session;

  @TempDir Path tmp;

  @BeforeAll
  static void recordClicksAndTyping() throws Exception {
    x = CliRunner.xtermDesktop();
    session = shared.resolve("session");
    CliRunner.recordWhile(x, session, shared.resolve("recorder"), () -> {
      Thread.sleep(1000);
      CliRunner.xdotool(x, "mousemove", Integer.toString(CLICK_X), Integer.toString(CLICK_Y),
          "click", "1");
      Thread.sleep(1000);
      CliRunner.xdotool(x, "type", "--delay", "60", "echo hello");
      Thread.sleep(1000);
      CliRunner.xdotool(x, "key", "Return");
      Thread.sleep(1500);
    });
  }

  @AfterAll
  static void stopDisplay() {
    if (x != null) {
      x.close();
    }
  }

  @Test
  void reportFileOpensInChromiumWithTheFramesAndTheClickMarkedOnThem() throws Exception {
    assumeTrue(HeadlessChromium.available(), "needs chromium (apt-get install chromium)");
    Path html = tmp.resolve("report.html");
    Result r = CliRunner.run(CliRunner.env(null), "view", session.toString(), "--out",
        html.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("Wrote " + Pattern.quote(html.toAbsolutePath()
        .toString()) + " \\(\\d+ frames, \\d+ actions, [0-9.]+ MB\\)");

    Model m = model();
    HeadlessChromium.Page page = HeadlessChromium.open(html.toUri() + "#a" + m.click,
        tmp.resolve("chromium"));
    assertClickRendered(page, m);

    HeadlessChromium.Page typed = HeadlessChromium.open(html.toUri() + "#a" + m.type,
        tmp.resolve("typed"));
    assertThat(typed.dom()).contains("typed \u201cecho hello\u201d", "XTerm");
  }

  @Test
  void serveAnswersOnLoopbackAndChromiumShowsTheSame() throws Exception {
    assumeTrue(HeadlessChromium.available(), "needs chromium (apt-get install chromium)");
    Path logs = tmp.resolve("server");
    Process server = CliRunner.startJvm(x.display(), logs, "view", session.toString(),
        "--serve", "--port", "0");
    try {
      URI uri = awaitServing(server, logs);
      assertThat(uri.getHost()).isEqualTo("127.0.0.1");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("\"mode\":\"served\"");
      HttpResponse<byte[]> frame = http.send(HttpRequest.newBuilder(uri.resolve(
          "frames/0.jpg")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(frame.statusCode()).isEqualTo(200);
      assertThat(frame.headers().firstValue("Content-Type")).hasValue("image/jpeg");

      Model m = model();
      assertClickRendered(HeadlessChromium.open(uri + "#a" + m.click, tmp.resolve("chromium")),
          m);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void usageErrorsNameTheFlagAndNothingIsWritten() throws IOException {
    Result neither = CliRunner.run(CliRunner.env(null), "view", session.toString());
    assertThat(neither.code()).isEqualTo(Main.USAGE);
    assertThat(neither.err()).contains("missing --out or --serve", "see 'screentrail view"
        + " --help'");
    Result both = CliRunner.run(CliRunner.env(null), "view", session.toString(), "--serve",
        "--out", tmp.resolve("a.html").toString());
    assertThat(both.err()).contains("give --out FILE.html or --serve, not both");
    Result port = CliRunner.run(CliRunner.env(null), "view", session.toString(), "--serve",
        "--port", "99999");
    assertThat(port.code()).isEqualTo(Main.USAGE);
    assertThat(port.err()).contains("--port must be a whole number from 0 to 65535, was"
        + " '99999'");
    Result portWithOut = CliRunner.run(CliRunner.env(null), "view", session.toString(),
        "--out", tmp.resolve("b.html").toString(), "--port", "80");
    assertThat(portWithOut.err()).contains("--port goes with --serve");
    Path existing = Files.writeString(tmp.resolve("mine.html"), "keep");
    Result exists = CliRunner.run(CliRunner.env(null), "view", session.toString(), "--out",
        existing.toString());
    assertThat(exists.code()).isEqualTo(Main.USAGE);
    assertThat(exists.err()).contains("already exists");
    assertThat(Files.readString(existing)).isEqualTo("keep");
    Result notSession = CliRunner.run(CliRunner.env(null), "view", tmp.toString(), "--out",
        tmp.resolve("c.html").toString());
    assertThat(notSession.code()).isEqualTo(Main.USAGE);
    assertThat(notSession.err()).contains("is not a Screentrail session");
    assertThat(tmp.resolve("a.html")).doesNotExist();
    assertThat(tmp.resolve("c.html")).doesNotExist();
    Result help = CliRunner.run(CliRunner.env(null), "view", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: screentrail view DIR --out FILE.html");
  }

  @Test
  void aPortInUseIsAnEnvironmentProblem() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result r = CliRunner.run(CliRunner.env(null), "view", session.toString(), "--serve",
          "--port", Integer.toString(taken.getLocalPort()));
      assertThat(r.code()).as(r.toString()).isEqualTo(Main.ENVIRONMENT);
      assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(),
          "--port 0 for any free port");
    }
  }

  @Test
  void aSessionCutMidRecordIsShownUpToItAndADamagedImageIsListed() throws IOException {
    Path cut = copy(session, tmp.resolve("cut"));
    Path timeline = cut.resolve("timeline.bin");
    try (FileChannel ch = FileChannel.open(timeline, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(timeline) - 7); // a recorder killed mid-write
    }
    Result r = CliRunner.run(CliRunner.env(null), "view", cut.toString(), "--out",
        tmp.resolve("cut.html").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Files.readString(tmp.resolve("cut.html"))).contains("incomplete record");

    Path damaged = copy(session, tmp.resolve("damaged"));
    try (FileChannel ch = FileChannel.open(damaged.resolve("frames.bin"),
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      long inFirstImage = 16 + 12 + 200;
      ch.read(b, inFirstImage);
      b.put(0, (byte) ~b.get(0)).rewind();
      ch.write(b, inFirstImage);
    }
    Result d = CliRunner.run(CliRunner.env(null), "view", damaged.toString(), "--out",
        tmp.resolve("damaged.html").toString());
    assertThat(d.code()).as(d.toString()).isEqualTo(Main.FAILED);
    assertThat(d.out()).contains("Problems: ", "frame #0 skipped: ", "checksum mismatch");
    assertThat(tmp.resolve("damaged.html")).isRegularFile();

    Path noGeometry = Files.createDirectories(tmp.resolve("no-geometry"));
    for (String f : List.of("timeline.bin", "frames.bin")) {
      Files.copy(session.resolve(f), noGeometry.resolve(f));
    }
    Files.writeString(noGeometry.resolve("manifest.json"),
        "{\"format\":\"screentrail-session\",\"formatVersion\":1}");
    Result g = CliRunner.run(CliRunner.env(null), "view", noGeometry.toString(), "--out",
        tmp.resolve("g.html").toString());
    assertThat(g.code()).as(g.toString()).isEqualTo(Main.USAGE);
    assertThat(g.err()).contains("has no usable geometry", "the manifest is damaged");
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String f : List.of("manifest.json", "timeline.bin", "frames.bin")) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
    return to;
  }

  /** The page's first click and typing run, and the click's before frame's pixels. */
  private record Model(int click, int type, JsonObject clickAction, int width, int[] before) {}

  private static Model model() throws IOException {
    try (SessionReader reader = SessionReader.open(session)) {
      SessionReport report = SessionReport.load(reader);
      JsonObject m = Json.parseObject(report.modelJson("embedded"));
      List<JsonObject> actions = m.getObjectList("actions");
      int click = -1;
      int type = -1;
      for (int i = 0; i < actions.size(); i++) {
        String kind = actions.get(i).getString("action");
        if (click < 0 && kind.equals("click")) {
          click = i;
        }
        if (type < 0 && kind.equals("type")) {
          type = i;
        }
      }
      assertThat(click).as("a click in " + actions).isNotNegative();
      assertThat(type).as("a typing run in " + actions).isNotNegative();
      JsonObject a = actions.get(click);
      int width = m.getInt("width");
      int height = m.getInt("height");
      int[] pixels = new int[width * height];
      long wanted = a.getLong("before");
      long[] index = {0};
      reader.replay(f -> {
        if (index[0]++ == wanted) {
          for (int y = 0; y < height; y++) {
            for (int xx = 0; xx < width; xx++) {
              pixels[y * width + xx] = f.rgb(xx, y);
            }
          }
        }
      }, new ArrayList<>());
      return new Model(click, type, a, width, pixels);
    }
  }

  /**
   * The before panel shows the recorded frame (most sampled points match it), and the marker
   * sits where the click was, scaled into the panel, in the marker colour.
   */
  private static void assertClickRendered(HeadlessChromium.Page page, Model m) {
    assertThat(page.bodyAttribute("data-state")).as(page.dom()).isEqualTo("ready");
    assertThat(page.bodyAttribute("data-selected")).isEqualTo("action:" + m.click);
    assertThat(page.dom()).contains("class=\"marker-dot\"", "XTerm");
    double[] stage = numbers(page.bodyAttribute("data-before-stage"));
    double scale = stage[2] / m.width;
    assertThat(m.clickAction.getLong("x")).isEqualTo(CLICK_X);
    double[] marker = numbers(page.bodyAttribute("data-marker"));
    double mx = marker[0] + marker[2] / 2;
    double my = marker[1] + marker[3] / 2;
    assertThat(mx).isCloseTo(stage[0] + CLICK_X * scale, Offset.offset(2.0));
    assertThat(my).isCloseTo(stage[1] + CLICK_Y * scale, Offset.offset(2.0));
    assertThat(near(page.rgb((int) Math.round(mx), (int) Math.round(my)), MARKER, 40))
        .as("marker colour at the click").isTrue();

    int matching = 0;
    int sampled = 0;
    int height = m.before.length / m.width;
    for (int fy = 10; fy < height; fy += 23) {
      for (int fx = 10; fx < m.width; fx += 23) {
        if (Math.hypot(fx - CLICK_X, fy - CLICK_Y) < 40) {
          continue; // the marker covers the frame there
        }
        int shown = page.rgb((int) Math.round(stage[0] + (fx + 0.5) * scale),
            (int) Math.round(stage[1] + (fy + 0.5) * scale));
        sampled++;
        if (near(shown, m.before[fy * m.width + fx], 70)) {
          matching++;
        }
      }
    }
    assertThat(matching).as(matching + " of " + sampled + " sampled points show the recorded"
        + " frame").isGreaterThan(sampled * 85 / 100);
  }

  private static URI awaitServing(Process server, Path logs) throws Exception {
    Path out = logs.resolve("stdout.txt");
    Pattern p = Pattern.compile("Serving .* at (http://127\\.0\\.0\\.1:\\d+/) ");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher matcher = p.matcher(Files.exists(out) ? Files.readString(out) : "");
      if (matcher.find()) {
        return URI.create(matcher.group(1));
      }
      assertThat(server.isAlive()).as(Files.readString(logs.resolve("stderr.txt"))).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("view --serve did not start in 60 s");
  }

  private static double[] numbers(String csv) {
    assertThat(csv).isNotBlank();
    String[] p = csv.split(",");
    double[] r = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      r[i] = Double.parseDouble(p[i]);
    }
    return r;
  }

  private static boolean near(int a, int b, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > tolerance) {
        return false;
      }
    }
    return true;
  }
}
