package io.screentrail.view;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonException;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionException;
import io.screentrail.session.SessionFormat;
import io.screentrail.session.SessionReader;
import io.screentrail.session.TimelineRecord;
import io.screentrail.session.TrajectoryExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the viewer shows of a session, read in one pass over its timeline: the stored frames (time,
 * keyframe, redaction boxes), the actions with their before and after frames resolved, pauses,
 * drops, the final counters and where the recording came from.
 *
 * <p>Only what the format guarantees is used; record types the viewer does not know are skipped.
 * Typed text of a masked run is never copied into the report: a masked {@code type} action keeps
 * its length only, even if a faulty writer stored its text.
 */
public final class SessionReport {

  /** Counters whose growth is marked on the timeline as a drop. */
  private static final List<String> DROP_COUNTERS =
      List.of("dropped", "eventsDropped", "framesDroppedUnread");

  private final SessionReader reader;
  private final List<TimelineRecord> frameRecords;
  private final Map<String, Object> model;

  private SessionReport(SessionReader reader, List<TimelineRecord> frameRecords,
      Map<String, Object> model) {
    this.reader = reader;
    this.frameRecords = frameRecords;
    this.model = model;
  }

  /**
   * Reads the report of {@code reader}'s session. The reader stays open: the report rebuilds
   * frames through it later.
   *
   * @throws SessionException when the manifest lacks the frame geometry
   */
  public static SessionReport load(SessionReader reader) throws IOException {
    Collector c = new Collector();
    SessionReader.ScanResult scan = reader.scan(c::accept);
    JsonObject manifest = reader.manifest();
    long width;
    long height;
    try {
      JsonObject g = manifest.getObject("geometry");
      width = g.getLong("width");
      height = g.getLong("height");
    } catch (JsonException e) {
      throw new SessionException(reader.directory().resolve(SessionFormat.MANIFEST) + " has no"
          + " usable geometry (" + e.getMessage() + "): the manifest is damaged, so frames"
          + " cannot be placed.", e);
    }

    List<long[]> seqCapture = new ArrayList<>(c.frames.size());
    for (TimelineRecord f : c.frames) {
      seqCapture.add(new long[] {f.body().optLong("seq", -1), f.body().optLong("capture", -1)});
    }
    List<Object> frames = new ArrayList<>(c.frames.size());
    for (TimelineRecord f : c.frames) {
      frames.add(frame(f.body()));
    }
    List<Object> actions = new ArrayList<>(c.actions.size());
    for (JsonObject a : c.actions) {
      actions.add(action(a, seqCapture));
    }
    List<Object> problems = new ArrayList<>(scan.problems());
    if (scan.tornTail()) {
      problems.add("the timeline ends in an incomplete record (" + scan.tornBytes()
          + " bytes): the recorder was interrupted; everything before it is shown");
    }

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sessionId", manifest.optString("sessionId", null));
    m.put("directory", reader.directory().getFileName() == null ? ""
        : reader.directory().getFileName().toString());
    m.put("createdAt", manifest.optString("createdAt", null));
    m.put("display", manifest.optString("display", null));
    m.put("source", manifest.optString("source", null));
    m.put("width", width);
    m.put("height", height);
    m.put("durationMs", c.lastMono / 1_000_000L);
    m.put("endReason", c.endReason);
    m.put("stats", c.stats(bytesOf(reader.directory())));
    m.put("frames", frames);
    m.put("actions", actions);
    m.put("pauses", c.pauses);
    m.put("drops", c.drops);
    m.put("problems", problems);
    return new SessionReport(reader, Collections.unmodifiableList(c.frames), m);
  }

  /** The session's reader, through which frames are rebuilt. */
  public SessionReader reader() {
    return reader;
  }

  /** The {@code frame} records, in order; a frame's position here is its index in the page. */
  public List<TimelineRecord> frameRecords() {
    return frameRecords;
  }

  /** How many actions the page shows. */
  public int actionCount() {
    return ((List<?>) model.get("actions")).size();
  }

  /** The page's model as a JSON tree (maps, lists, strings, numbers). */
  public Map<String, Object> model() {
    return Collections.unmodifiableMap(model);
  }

  /**
   * The model as JSON that is safe inside an HTML {@code <script>} element: {@code <}, {@code >}
   * and {@code &} are escaped, so no window title can close the element.
   */
  public String modelJson(String mode) {
    Map<String, Object> m = new LinkedHashMap<>(model);
    m.put("mode", mode);
    return Json.write(m).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  private static Map<String, Object> frame(JsonObject f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", f.optLong("seq", -1));
    m.put("capture", f.optLong("capture", -1));
    m.put("t", f.optLong("mono", 0) / 1_000_000L);
    m.put("key", f.optBoolean("key", false));
    List<Object> boxes = new ArrayList<>();
    if (f.has("redactions")) {
      for (JsonObject b : f.getObjectList("redactions")) {
        boxes.add(List.of(b.optLong("x", 0), b.optLong("y", 0), b.optLong("w", 0),
            b.optLong("h", 0), b.optString("detector", "hidden")));
      }
    }
    m.put("boxes", boxes);
    return m;
  }

  private static Map<String, Object> action(JsonObject a, List<long[]> seqCapture) {
    Map<String, Object> m = new LinkedHashMap<>();
    String type = a.optString("action", "?");
    m.put("id", a.optLong("id", -1));
    m.put("action", type);
    m.put("t", a.optLong("mono", 0) / 1_000_000L);
    m.put("endT", a.optLong("endMono", a.optLong("mono", 0)) / 1_000_000L);
    // Frame pixels: the desktop point minus the captured area's origin.
    long dx = a.optLong("x", 0) - a.optLong("frameX", a.optLong("x", 0));
    long dy = a.optLong("y", 0) - a.optLong("frameY", a.optLong("y", 0));
    m.put("x", a.optLong("x", 0) - dx);
    m.put("y", a.optLong("y", 0) - dy);
    if (a.has("endX")) {
      m.put("endX", a.optLong("endX", 0) - dx);
      m.put("endY", a.optLong("endY", 0) - dy);
    }
    if (a.has("path")) {
      List<Object> path = new ArrayList<>();
      for (Object p : a.getArray("path")) {
        if (p instanceof List<?> xy && xy.size() >= 2 && xy.get(0) instanceof Number x
            && xy.get(1) instanceof Number y) {
          path.add(List.of(x.longValue() - dx, y.longValue() - dy));
        }
      }
      m.put("path", path);
    }
    for (String f : List.of("button", "app", "title")) {
      if (a.has(f)) {
        m.put(f, a.optString(f, null));
      }
    }
    for (String f : List.of("count", "scrollX", "scrollY")) {
      if (a.has(f)) {
        m.put(f, a.optLong(f, 0));
      }
    }
    if (a.has("keys")) {
      m.put("keys", a.getArray("keys"));
    }
    if (type.equals("type")) {
      if (a.optBoolean("masked", false)) {
        m.put("masked", true);
        m.put("length", a.optLong("length", 0));
      } else {
        m.put("text", a.optString("text", ""));
      }
    }
    JsonObject before = a.has("before") ? a.getObject("before") : null;
    JsonObject after = a.has("after") ? a.getObject("after") : null;
    m.put("before", frameIndex(seqCapture, before));
    m.put("after", frameIndex(seqCapture, after));
    if (before != null) {
      m.put("ageMs", before.optLong("ageMs", -1));
    }
    if (after != null) {
      m.put("settleMs", after.optLong("settleMs", -1));
      m.put("settled", after.optBoolean("settled", false));
      m.put("reason", after.optString("reason", null));
    }
    return m;
  }

  /** The position in the frame list of the frame that shows capture {@code side.capture}. */
  private static long frameIndex(List<long[]> seqCapture, JsonObject side) {
    if (side == null) {
      return -1;
    }
    long seq = TrajectoryExporter.frameAt(seqCapture, side.optLong("capture", -1));
    if (seq < 0) {
      return -1;
    }
    // seq counts from 0 without gaps, so it is the position unless records were damaged.
    if (seq < seqCapture.size() && seqCapture.get((int) seq)[0] == seq) {
      return seq;
    }
    for (int i = 0; i < seqCapture.size(); i++) {
      if (seqCapture.get(i)[0] == seq) {
        return i;
      }
    }
    return -1;
  }

  private static long bytesOf(Path dir) {
    long bytes = 0;
    for (String f : List.of(SessionFormat.MANIFEST, SessionFormat.TIMELINE, SessionFormat.FRAMES)) {
      try {
        bytes += Files.size(dir.resolve(f));
      } catch (IOException e) {
        // a missing file was already reported by the reader; the size is what is there
      }
    }
    return bytes;
  }

  /** Gathers the records in one pass. */
  private static final class Collector {
    final List<TimelineRecord> frames = new ArrayList<>();
    final List<JsonObject> actions = new ArrayList<>();
    final List<Object> pauses = new ArrayList<>();
    final List<Object> drops = new ArrayList<>();
    final Map<String, Long> counters = new LinkedHashMap<>();
    long lastMono;
    String endReason;

    void accept(TimelineRecord r) {
      lastMono = Math.max(lastMono, r.monoNanos());
      JsonObject body = r.body();
      try {
        switch (r.type()) {
          case "frame" -> {
            frames.add(r);
            counters(r, body.has("stats") ? body.getObject("stats") : null);
          }
          case "action" -> actions.add(body);
          case "stats" -> counters(r, body);
          case "end" -> {
            endReason = body.optString("reason", "closed");
            counters(r, body.has("stats") ? body.getObject("stats") : null);
          }
          case "pause", "resume" -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", r.monoNanos() / 1_000_000L);
            p.put("kind", r.type());
            p.put("reason", body.optString("reason", null));
            pauses.add(p);
          }
          default -> { }
        }
      } catch (JsonException e) {
        // a record of a newer or damaged writer: shown as far as it goes, never fatal
      }
    }

    /** Keeps the largest value of each counter and marks where a drop counter grew. */
    private void counters(TimelineRecord r, JsonObject stats) {
      if (stats == null) {
        return;
      }
      for (Map.Entry<String, ?> e : stats.asMap().entrySet()) {
        if (!(e.getValue() instanceof Number n) || e.getKey().equals("mono")
            || e.getKey().equals("wall")) {
          continue;
        }
        long value = n.longValue();
        Long previous = counters.get(e.getKey());
        long before = previous == null ? 0 : previous;
        if (value > before && DROP_COUNTERS.contains(e.getKey())) {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("t", r.monoNanos() / 1_000_000L);
          d.put("counter", e.getKey());
          d.put("n", value - before);
          drops.add(d);
        }
        counters.put(e.getKey(), Math.max(before, value));
      }
    }

    Map<String, Object> stats(long bytesOnDisk) {
      Map<String, Object> s = new LinkedHashMap<>(counters);
      s.putIfAbsent("bytes", bytesOnDisk);
      s.put("bytesOnDisk", bytesOnDisk);
      return s;
    }
  }
}
