package io.screentrail.view;

import static io.screentrail.view.ReportSession.BLUE;
import static io.screentrail.view.ReportSession.BLUE_BOX;
import static io.screentrail.view.ReportSession.GREEN;
import static io.screentrail.view.ReportSession.GREEN_BOX;
import static io.screentrail.view.ReportSession.HEIGHT;
import static io.screentrail.view.ReportSession.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.session.SessionReader;
import io.screentrail.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report served on 127.0.0.1: the page, frames rebuilt on demand, what it refuses. */
class ReportServerTest {

  @TempDir Path tmp;
  private SessionReader reader;
  private ReportServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void serve() throws IOException {
    Path session = tmp.resolve("session");
    ReportSession.write(session);
    reader = SessionReader.open(session);
    server = ReportServer.start(SessionReport.load(reader), 0, 4);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    reader.close();
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void servesThePageOnLoopbackWithFramesByAddress() throws Exception {
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    HttpResponse<byte[]> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertThat(html).contains("\"mode\":\"served\"").doesNotContain("data:image/jpeg");
    HttpResponse<byte[]> model = get("/session.json");
    assertThat(new String(model.body(), StandardCharsets.UTF_8)).contains("\"actions\":[");
  }

  @Test
  void rebuildsAFrameFromItsKeyframeOnceAndThenServesItFromTheCache() throws Exception {
    HttpResponse<byte[]> r = get("/frames/1.jpg");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    BufferedImage frame = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertThat(frame.getWidth()).isEqualTo(WIDTH);
    assertThat(frame.getHeight()).isEqualTo(HEIGHT);
    int green = frame.getRGB(GREEN_BOX[0] + 60, GREEN_BOX[1] + 30) & 0xFFFFFF;
    int blue = frame.getRGB(BLUE_BOX[0] + 100, BLUE_BOX[1] + 40) & 0xFFFFFF;
    assertThat(PageAssertions.near(green, GREEN, 40)).as(PageAssertions.hex(green)).isTrue();
    assertThat(PageAssertions.near(blue, BLUE, 40)).as("keyframe under the region, was "
        + PageAssertions.hex(blue)).isTrue();
    assertThat(server.framesRebuilt()).isEqualTo(1);
    assertThat(get("/frames/1.jpg").body()).isEqualTo(r.body());
    assertThat(server.framesRebuilt()).isEqualTo(1);
  }

  @Test
  void keepsNoMoreEncodedFramesThanItsCache() throws Exception {
    try (ReportServer small = ReportServer.start(SessionReport.load(reader), 0, 1)) {
      for (String frame : new String[] {"0", "1", "1", "0"}) {
        assertThat(http.send(HttpRequest.newBuilder(small.uri().resolve("/frames/" + frame
            + ".jpg")).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
            .isEqualTo(200);
      }
      // 0 rebuilt, 1 rebuilt and 0 evicted, 1 cached, 0 rebuilt again.
      assertThat(small.framesRebuilt()).isEqualTo(3);
    }
  }

  @Test
  void refusesUnknownPathsOtherMethodsAndForeignHosts() throws Exception {
    assertThat(get("/frames/2.jpg").statusCode()).isEqualTo(404);
    assertThat(get("/frames/-1.jpg").statusCode()).isEqualTo(404);
    assertThat(get("/frames/x.jpg").statusCode()).isEqualTo(404);
    assertThat(get("/etc/passwd").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(server.uri())
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
    // A page elsewhere reaching us through a DNS name that resolves to 127.0.0.1.
    assertThat(rawStatus("evil.example:" + server.port())).isEqualTo(403);
    assertThat(rawStatus("localhost:" + server.port())).isEqualTo(200);
  }

  @Test
  void rejectsABadPortAndCache() {
    assertThatThrownBy(() -> ReportServer.start(null, 70000, 4))
        .hasMessage("port must be from 0 to 65535, was 70000");
    assertThatThrownBy(() -> ReportServer.start(null, 0, 0))
        .hasMessage("cacheFrames must be at least 1, was 0");
  }

  @Test
  void chromiumLoadsTheServedPageAndItsFrames() throws Exception {
    assumeTrue(HeadlessChromium.available(), "needs chromium (apt-get install chromium)");
    HeadlessChromium.Page page = HeadlessChromium.open(server.uri() + "#a0", tmp.resolve("c"));
    assertThat(page.bodyAttribute("data-state")).as(page.dom()).isEqualTo("ready");
    SessionReportTest.assertRendered(page);
    assertThat(server.framesRebuilt()).isEqualTo(2);
  }

  private int rawStatus(String host) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

}
