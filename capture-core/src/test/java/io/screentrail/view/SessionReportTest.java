package io.screentrail.view;

import static io.screentrail.view.ReportSession.BLUE;
import static io.screentrail.view.ReportSession.BLUE_BOX;
import static io.screentrail.view.ReportSession.CLICK_X;
import static io.screentrail.view.ReportSession.CLICK_Y;
import static io.screentrail.view.ReportSession.GREEN;
import static io.screentrail.view.ReportSession.GREEN_BOX;
import static io.screentrail.view.ReportSession.REDACTION;
import static io.screentrail.view.ReportSession.WHITE;
import static io.screentrail.view.ReportSession.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.internal.json.JsonWriter;
import io.screentrail.session.SessionReader;
import io.screentrail.session.SessionWriter;
import io.screentrail.testing.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's model and single-file page, on a session written record by record. */
class SessionReportTest {

  @TempDir static Path shared;
  private static Path session;

  @TempDir Path tmp;

  @BeforeAll
  static void writeSession() throws IOException {
    session = shared.resolve("session");
    ReportSession.write(session);
  }

  @Test
  void actionsResolveToTheFramesThatShowTheirCapturesInFramePixels() throws IOException {
    try (SessionReader reader = SessionReader.open(session)) {
      SessionReport report = SessionReport.load(reader);
      JsonObject m = Json.parseObject(report.modelJson("embedded"));
      assertThat(m.getLong("width")).isEqualTo(WIDTH);
      assertThat(m.getLong("durationMs")).isEqualTo(5000);
      assertThat(m.getString("endReason")).isEqualTo("closed");
      List<JsonObject> frames = m.getObjectList("frames");
      assertThat(frames).hasSize(2);
      assertThat(frames.get(0).getBoolean("key")).isTrue();
      assertThat(frames.get(0).getArray("boxes")).containsExactly(List.of((long) REDACTION[0],
          (long) REDACTION[1], (long) REDACTION[2], (long) REDACTION[3], "email"));
      List<JsonObject> actions = m.getObjectList("actions");
      assertThat(actions).extracting(a -> a.getString("action"))
          .containsExactly("click", "drag", "scroll", "type", "type", "hotkey");
      JsonObject click = actions.get(0);
      // before: capture 1 was not stored, so frame 0 (capture 0) shows it; after: capture 4.
      assertThat(click.getLong("before")).isZero();
      assertThat(click.getLong("after")).isEqualTo(1);
      assertThat(click.getLong("x")).isEqualTo(CLICK_X);
      assertThat(click.getLong("y")).isEqualTo(CLICK_Y);
      assertThat(click.getString("title")).isEqualTo(ReportSession.HOSTILE_TITLE);
      JsonObject drag = actions.get(1);
      assertThat(drag.getLong("endX")).isEqualTo(300);
      assertThat(drag.getArray("path")).containsExactly(List.of(50L, 350L),
          List.of(180L, 340L), List.of(300L, 360L));
      assertThat(actions.get(2).getLong("scrollY")).isEqualTo(3);
      assertThat(actions.get(4).getString("text")).isEqualTo("echo hi");
      assertThat(actions.get(5).getArray("keys")).containsExactly("ctrl", "l");
      assertThat(report.actionCount()).isEqualTo(6);
    }
  }

  @Test
  void maskedTypingKeepsItsLengthOnlyEvenWhenTheWriterStoredItsText() throws IOException {
    try (SessionReader reader = SessionReader.open(session)) {
      SessionReport report = SessionReport.load(reader);
      JsonObject masked = Json.parseObject(report.modelJson("embedded"))
          .getObjectList("actions").get(3);
      assertThat(masked.getBoolean("masked")).isTrue();
      assertThat(masked.getLong("length")).isEqualTo(7);
      assertThat(masked.has("text")).isFalse();
      Path html = tmp.resolve("report.html");
      ReportWriter.write(report, html);
      assertThat(Files.readString(html)).doesNotContain(ReportSession.MASKED_SECRET);
    }
  }

  @Test
  void dropsPausesAndCountersAreInTheModel() throws IOException {
    try (SessionReader reader = SessionReader.open(session)) {
      Map<String, Object> m = SessionReport.load(reader).model();
      assertThat(m.get("drops")).isEqualTo(List.of(Map.of("t", 3000L, "counter", "dropped",
          "n", 2L)));
      assertThat(m.get("pauses")).isEqualTo(List.of(
          Map.of("t", 3200L, "kind", "pause", "reason", "hotkey"),
          Map.of("t", 4000L, "kind", "resume", "reason", "hotkey")));
      @SuppressWarnings("unchecked")
      Map<String, Object> stats = (Map<String, Object>) m.get("stats");
      assertThat(stats).containsEntry("captured", 10L).containsEntry("skipped", 6L)
          .containsEntry("dropped", 2L).containsEntry("bytes", 12345L);
      assertThat((Long) stats.get("bytesOnDisk")).isPositive();
    }
  }

  @Test
  void reportIsOneFileThatNeedsNoNetworkAndCannotBeBrokenOutOfBySessionStrings()
      throws IOException {
    Path html = tmp.resolve("report.html");
    ReportWriter.Result r;
    try (SessionReader reader = SessionReader.open(session)) {
      r = ReportWriter.write(SessionReport.load(reader), html);
    }
    assertThat(r.frames()).isEqualTo(2);
    assertThat(r.actions()).isEqualTo(6);
    assertThat(r.problems()).isEmpty();
    assertThat(r.bytes()).isEqualTo(Files.size(html));
    assertThat(tmp.resolve("report.html.part")).doesNotExist();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page).contains("STF[0]=\"data:image/jpeg;base64,", "STF[1]=\"data:image/jpeg;");
    // The SVG namespace is a name, not a fetch; nothing else may point off the page.
    String rest = page.replace("http://www.w3.org/2000/svg", "");
    assertThat(rest).doesNotContain("http://", "https://", "<link", "@import", "//cdn");
    assertThat(page).doesNotContain("</script><b>")
        .contains("\\u003c/script\\u003e\\u003cb\\u003ebold");
  }

  @Test
  void chromiumShowsTheFramesWithMarkersAndRedactionOutlines() throws IOException {
    assumeTrue(HeadlessChromium.available(), "needs chromium (apt-get install chromium)");
    Path html = writeReport();
    HeadlessChromium.Page page = HeadlessChromium.open(html.toUri() + "#a0", tmp.resolve("c"));
    assertThat(page.bodyAttribute("data-state")).as(page.dom()).isEqualTo("ready");
    assertThat(page.bodyAttribute("data-selected")).isEqualTo("action:0");
    assertThat(page.dom()).contains("class=\"marker-dot\"", "class=\"redaction-box\"",
        "bash &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;");
    assertRendered(page);

    HeadlessChromium.Page masked = HeadlessChromium.open(html.toUri() + "#a3",
        tmp.resolve("m"));
    assertThat(masked.dom()).contains("class=\"label masked\"", "\u2022".repeat(7) + " (masked,"
        + " 7 characters)").doesNotContain(ReportSession.MASKED_SECRET);
  }

  @Test
  void arrowKeysAndLettersStepThroughTheActionsAndCommasThroughTheFrames() throws IOException {
    assumeTrue(HeadlessChromium.available(), "needs chromium (apt-get install chromium)");
    Path html = writeReport();
    // A page that loads the report in a frame, presses keys in it and notes where it went. From
    // frame 0 (0.5 s) the next action is the first one (1.0 s).
    Path driver = tmp.resolve("driver.html");
    Files.writeString(driver, """
        <!DOCTYPE html><body><iframe id="r" src="report.html" width="1300" height="900"></iframe>
        <script>
        document.getElementById('r').onload = function () {
          var d = this.contentDocument, seen = [];
          ['ArrowRight', 'ArrowRight', 'j', 'ArrowLeft', 'End', 'k', 'Home', '.', '.', ',', 'j']
            .forEach(function (k) {
              d.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
              seen.push(d.body.dataset.selected);
            });
          document.body.setAttribute('data-seen', seen.join(' '));
        };
        </script></body>
        """);
    String dom = HeadlessChromium.dom(driver.toUri().toString(), tmp.resolve("keys"),
        "--allow-file-access-from-files");
    assertThat(dom).contains("data-seen=\"action:1 action:2 action:3 action:2 action:5"
        + " action:4 action:0 frame:1 frame:1 frame:0 action:0\"");
  }

  @Test
  void aSessionWithNothingRecordedYetStillOpens() throws IOException {
    Path empty = tmp.resolve("empty");
    try (SessionWriter w = SessionWriter.create(empty, Map.of("geometry", Map.of("width", 320L,
        "height", 200L)), 0)) {
      JsonWriter start = new JsonWriter();
      Json.write(start, Map.of("type", "start", "mono", 0L, "wall", 1_700_000_000_000L));
      w.appendRecord(start);
    }
    Path html = tmp.resolve("empty.html");
    try (SessionReader reader = SessionReader.open(empty)) {
      ReportWriter.Result r = ReportWriter.write(SessionReport.load(reader), html);
      assertThat(r.frames()).isZero();
      assertThat(r.actions()).isZero();
    }
    assumeTrue(HeadlessChromium.available(), "needs chromium (apt-get install chromium)");
    String dom = HeadlessChromium.dom(html.toUri().toString(), tmp.resolve("e"));
    assertThat(dom).contains("data-state=\"ready\"", "no end record (interrupted)");
  }

  private Path writeReport() throws IOException {
    Path html = tmp.resolve("report.html");
    try (SessionReader reader = SessionReader.open(session)) {
      ReportWriter.write(SessionReport.load(reader), html);
    }
    return html;
  }

  /**
   * The first action (the click) on its before frame (white, blue box, redaction box) and after
   * frame (green region pasted over the keyframe), with the marker where the click was.
   */
  static void assertRendered(HeadlessChromium.Page page) {
    PageAssertions p = new PageAssertions(page, WIDTH);
    double[] before = p.stage("data-before-stage");
    double[] after = p.stage("data-after-stage");
    assertThat(after[0]).as("after panel right of before").isGreaterThan(before[0] + before[2]);
    String[] marker = page.bodyAttribute("data-marker").split(",");
    double mx = Double.parseDouble(marker[0]) + Double.parseDouble(marker[2]) / 2;
    double my = Double.parseDouble(marker[1]) + Double.parseDouble(marker[3]) / 2;
    double scale = before[2] / WIDTH;
    assertThat(mx).isCloseTo(before[0] + CLICK_X * scale, org.assertj.core.data.Offset.offset(2.0));
    assertThat(my).isCloseTo(before[1] + CLICK_Y * scale, org.assertj.core.data.Offset.offset(2.0));
    int atMarker = page.rgb((int) Math.round(mx), (int) Math.round(my));
    assertThat(PageAssertions.near(atMarker, PageAssertions.MARKER, 40))
        .as("marker colour at the click, was " + PageAssertions.hex(atMarker)).isTrue();
    assertThat(PageAssertions.near(p.at(after, CLICK_X, CLICK_Y), PageAssertions.MARKER, 40))
        .as("marker on the after frame").isTrue();

    int blue = p.at(before, BLUE_BOX[0] + 15, BLUE_BOX[1] + 10);
    assertThat(PageAssertions.near(blue, BLUE, 60)).as("blue box, was "
        + PageAssertions.hex(blue)).isTrue();
    int white = p.at(before, 40, 250);
    assertThat(PageAssertions.near(white, WHITE, 30)).as("white, was "
        + PageAssertions.hex(white)).isTrue();
    int beforeGreenArea = p.at(before, GREEN_BOX[0] + 60, GREEN_BOX[1] + 30);
    assertThat(PageAssertions.near(beforeGreenArea, WHITE, 30)).isTrue();
    int green = p.at(after, GREEN_BOX[0] + 60, GREEN_BOX[1] + 30);
    assertThat(PageAssertions.near(green, GREEN, 60)).as("green region rebuilt on the keyframe,"
        + " was " + PageAssertions.hex(green)).isTrue();
    int stillBlue = p.at(after, BLUE_BOX[0] + 15, BLUE_BOX[1] + 10);
    assertThat(PageAssertions.near(stillBlue, BLUE, 60)).isTrue();
    assertThat(p.anyNear(before, REDACTION[0] + REDACTION[2] / 2.0, REDACTION[1], 3,
        PageAssertions.REDACT, 60)).as("redaction outline").isTrue();
  }
}
