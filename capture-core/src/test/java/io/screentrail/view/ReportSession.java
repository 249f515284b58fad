package io.screentrail.view;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonWriter;
import io.screentrail.session.SessionWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A small session written record by record, for the viewer's edge cases that a recording cannot
 * produce on demand: a keyframe with a blue box and a redaction box, a second frame that changes
 * a region to green, one action of each kind (a masked typing run whose faulty writer also stored
 * its text), a drop, a pause and a window title that tries to close the page's script element.
 * The captured area starts at desktop (100, 0), so frame and desktop coordinates differ.
 */
final class ReportSession {

  static final int WIDTH = 640;
  static final int HEIGHT = 400;
  static final int ORIGIN_X = 100;
  static final int WHITE = 0xFFFFFF;
  static final int BLUE = 0x0000FF;
  static final int GREEN = 0x00C000;
  /** The blue box of frame 0; the click lands in it. */
  static final int[] BLUE_BOX = {100, 100, 200, 80};
  /** The green region frame 1 pastes over frame 0. */
  static final int[] GREEN_BOX = {40, 40, 120, 60};
  /** The redaction box recorded on frame 0. */
  static final int[] REDACTION = {400, 300, 160, 30};
  static final int CLICK_X = 200;
  static final int CLICK_Y = 140;
  static final String HOSTILE_TITLE = "bash </script><b>bold</b> & \"q\"";
  static final String MASKED_SECRET = "hunter2";

  private ReportSession() {}

  static void write(Path dir) throws IOException {
    Map<String, Object> geometry = new LinkedHashMap<>();
    geometry.put("x", (long) ORIGIN_X);
    geometry.put("y", 0L);
    geometry.put("width", (long) WIDTH);
    geometry.put("height", (long) HEIGHT);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("sessionId", "00000000-0000-0000-0000-000000000007");
    manifest.put("createdAt", "2026-11-22T02:00:00Z");
    manifest.put("display", ":7");
    manifest.put("source", "xshm");
    manifest.put("geometry", geometry);
    try (SessionWriter w = SessionWriter.create(dir, manifest, 0)) {
      record(w, Map.of("type", "start", "mono", 0L, "wall", 1_700_000_000_000L));
      BufferedImage screen = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
      fill(screen, new int[] {0, 0, WIDTH, HEIGHT}, WHITE);
      fill(screen, BLUE_BOX, BLUE);
      byte[] key = jpeg(screen);
      long off = w.appendBlob(ByteBuffer.wrap(key));
      record(w, frame(0, 0, 500, true, region(0, 0, WIDTH, HEIGHT, off, key.length, w),
          List.of(Map.of("detector", "email", "category", "EMAIL", "x", (long) REDACTION[0],
              "y", (long) REDACTION[1], "w", (long) REDACTION[2], "h", (long) REDACTION[3]))));
      BufferedImage green = new BufferedImage(GREEN_BOX[2], GREEN_BOX[3],
          BufferedImage.TYPE_3BYTE_BGR);
      fill(green, new int[] {0, 0, GREEN_BOX[2], GREEN_BOX[3]}, GREEN);
      byte[] change = jpeg(green);
      off = w.appendBlob(ByteBuffer.wrap(change));
      record(w, frame(1, 4, 2500, false, region(GREEN_BOX[0], GREEN_BOX[1], GREEN_BOX[2],
          GREEN_BOX[3], off, change.length, w), List.of()));

      Map<String, Object> click = action(0, "click", 1000, CLICK_X, CLICK_Y);
      click.put("button", "left");
      click.put("count", 1L);
      record(w, click);
      Map<String, Object> drag = action(1, "drag", 1200, 50, 350);
      drag.put("button", "left");
      drag.put("endX", 300L + ORIGIN_X);
      drag.put("endY", 360L);
      drag.put("path", List.of(List.of(50L + ORIGIN_X, 350L, 0L),
          List.of(180L + ORIGIN_X, 340L, 40L), List.of(300L + ORIGIN_X, 360L, 90L)));
      record(w, drag);
      Map<String, Object> scroll = action(2, "scroll", 1400, 320, 200);
      scroll.put("scrollX", 0L);
      scroll.put("scrollY", 3L);
      record(w, scroll);
      Map<String, Object> masked = action(3, "type", 1600, 320, 200);
      masked.put("masked", true);
      masked.put("length", 7L);
      masked.put("text", MASKED_SECRET); // a faulty writer: the viewer must still not show it
      record(w, masked);
      Map<String, Object> typed = action(4, "type", 1800, 320, 200);
      typed.put("text", "echo hi");
      record(w, typed);
      Map<String, Object> hotkey = action(5, "hotkey", 2000, 320, 200);
      hotkey.put("keys", List.of("ctrl", "l"));
      record(w, hotkey);

      record(w, Map.of("type", "stats", "mono", 3_000_000_000L, "wall", 1_700_000_003_000L,
          "captured", 6L, "stored", 2L, "skipped", 2L, "dropped", 2L, "bytes", 12345L));
      record(w, Map.of("type", "pause", "mono", 3_200_000_000L, "wall", 1_700_000_003_200L,
          "reason", "hotkey"));
      record(w, Map.of("type", "resume", "mono", 4_000_000_000L, "wall", 1_700_000_004_000L,
          "reason", "hotkey"));
      record(w, Map.of("type", "a-future-record", "mono", 4_500_000_000L));
      record(w, Map.of("type", "end", "mono", 5_000_000_000L, "wall", 1_700_000_005_000L,
          "reason", "closed", "stats", Map.of("captured", 10L, "stored", 2L, "skipped", 6L,
              "dropped", 2L, "actions", 6L)));
    }
  }

  private static Map<String, Object> action(long id, String type, long ms, int frameX,
      int frameY) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", "action");
    a.put("id", id);
    a.put("action", type);
    a.put("mono", ms * 1_000_000L);
    a.put("endMono", (ms + 50) * 1_000_000L);
    a.put("wall", 1_700_000_000_000L + ms);
    a.put("x", (long) frameX + ORIGIN_X);
    a.put("y", (long) frameY);
    a.put("frameX", (long) frameX);
    a.put("frameY", (long) frameY);
    a.put("app", "XTerm");
    a.put("title", HOSTILE_TITLE);
    a.put("before", Map.of("capture", 1L, "mono", 500_000_000L, "ageMs", ms - 500));
    a.put("after", Map.of("capture", 4L, "mono", 2_500_000_000L, "settleMs", 300L,
        "settled", true, "reason", "settled"));
    return a;
  }

  private static Map<String, Object> frame(long seq, long capture, long ms, boolean key,
      Map<String, Object> region, List<Object> redactions) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "frame");
    f.put("seq", seq);
    f.put("capture", capture);
    f.put("mono", ms * 1_000_000L);
    f.put("wall", 1_700_000_000_000L + ms);
    f.put("key", key);
    f.put("format", "jpeg");
    f.put("regions", List.of(region));
    f.put("redactions", redactions);
    f.put("stats", Map.of("captured", capture + 1, "stored", seq + 1, "skipped", 0L,
        "dropped", 0L));
    return f;
  }

  private static Map<String, Object> region(int x, int y, int w, int h, long off, int len,
      SessionWriter writer) {
    return Map.of("x", (long) x, "y", (long) y, "w", (long) w, "h", (long) h, "off", off,
        "len", (long) len, "crc", Integer.toUnsignedLong(writer.lastBlobCrc()));
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  /** Pixel by pixel: Graphics2D would need a display in this headless test. */
  private static void fill(BufferedImage image, int[] box, int rgb) {
    for (int y = box[1]; y < box[1] + box[3]; y++) {
      for (int x = box[0]; x < box[0] + box[2]; x++) {
        image.setRGB(x, y, rgb);
      }
    }
  }

  private static void record(SessionWriter w, Map<String, ?> body) throws IOException {
    JsonWriter json = new JsonWriter();
    Json.write(json, body);
    w.appendRecord(json);
  }
}
