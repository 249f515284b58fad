package io.screentrail.session;

import io.screentrail.ImageFormat;
import io.screentrail.input.ActionType;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.internal.json.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a session's actions as a training trajectory: one JSON line per action with the action
 * in the session's vocabulary (pixel and normalized coordinates, the frame size), the whole-frame
 * images before and after it (written once each into a folder beside the file, referenced by
 * relative path), the times, the settle time, and the application and window title.
 *
 * <p>The before frame is the newest frame captured before the action started; the after frame is
 * the one captured once the screen stopped changing (or at the settle timeout). Both are resolved
 * to the stored frame that shows the screen at that capture: captures that found no change are
 * shown by the frame stored before them. Focus changes label the actions but are not steps.
 */
public final class TrajectoryExporter {

  private TrajectoryExporter() {}

  /**
   * What an export wrote.
   *
   * @param steps lines written
   * @param images frame images written
   * @param problems actions or frames that could not be exported, and why
   */
  public record Result(long steps, long images, List<String> problems) {}

  /**
   * Exports the trajectory of {@code reader}'s session to {@code jsonl}, with images in the
   * folder {@code <name>_frames} beside it.
   */
  public static Result export(SessionReader reader, Path jsonl, ImageFormat imageFormat)
      throws IOException {
    List<long[]> frames = new ArrayList<>(); // {seq, capture}
    List<TimelineRecord> actions = new ArrayList<>();
    reader.scan(r -> {
      if (r.type().equals("frame")) {
        frames.add(new long[] {r.body().getLong("seq"), r.body().optLong("capture", -1)});
      } else if (r.type().equals("action") && !isFocus(r)) {
        actions.add(r);
      }
    });
    JsonObject g = reader.manifest().getObject("geometry");
    int width = g.getInt("width");
    int height = g.getInt("height");
    String folderName = framesFolderName(jsonl);
    Path folder = jsonl.toAbsolutePath().getParent().resolve(folderName);
    Files.createDirectories(folder);

    Map<Long, String> imageOf = new HashMap<>();
    long[] beforeSeq = new long[actions.size()];
    long[] afterSeq = new long[actions.size()];
    for (int i = 0; i < actions.size(); i++) {
      JsonObject a = actions.get(i).body();
      beforeSeq[i] = frameAt(frames, captureOf(a, "before"));
      afterSeq[i] = frameAt(frames, captureOf(a, "after"));
      for (long seq : new long[] {beforeSeq[i], afterSeq[i]}) {
        if (seq >= 0) {
          imageOf.put(seq, folderName + "/" + String.format("frame-%06d%s", seq,
              imageFormat.extension()));
        }
      }
    }
    List<String> problems = new ArrayList<>();
    long[] images = {0};
    reader.replay(f -> {
      String name = imageOf.get(f.sequence());
      if (name != null) {
        f.writeImage(folder.resolve(name.substring(folderName.length() + 1)), imageFormat);
        images[0]++;
      }
    }, problems);

    long steps = 0;
    JsonWriter json = new JsonWriter(4096);
    try (OutputStream out = Files.newOutputStream(jsonl)) {
      for (int i = 0; i < actions.size(); i++) {
        JsonObject a = actions.get(i).body();
        String before = beforeSeq[i] >= 0 ? imageOf.get(beforeSeq[i]) : null;
        String after = afterSeq[i] >= 0 ? imageOf.get(afterSeq[i]) : null;
        if (before == null || after == null) {
          problems.add("action #" + a.optLong("id", -1) + " (" + a.optString("action", "?")
              + "): no stored frame " + (before == null ? "before" : "after") + " it");
        }
        writeStep(json, steps, a, width, height, before, after, beforeSeq[i], afterSeq[i]);
        out.write(json.bytes(), 0, json.length());
        out.write('\n');
        steps++;
      }
    }
    return new Result(steps, images[0], problems);
  }

  /** The name of the image folder written beside {@code jsonl}: {@code <name>_frames}. */
  public static String framesFolderName(Path jsonl) {
    return jsonl.getFileName().toString().replaceFirst("\\.jsonl?$", "") + "_frames";
  }

  /** Whether an action record is a focus change, which a trajectory leaves out. */
  static boolean isFocus(TimelineRecord r) {
    return ActionType.FOCUS.id().equals(r.body().optString("action", ""));
  }

  private static long captureOf(JsonObject action, String which) {
    if (!action.has(which)) {
      return -1;
    }
    return action.getObject(which).optLong("capture", -1);
  }

  /**
   * The stored frame that shows the screen at capture {@code capture}: the last one at or before.
   *
   * @param frames {@code {seq, capture}} of the stored frames, in capture order
   * @return the frame's {@code seq}, or -1 when none was stored at or before {@code capture}
   */
  public static long frameAt(List<long[]> frames, long capture) {
    if (capture < 0) {
      return -1;
    }
    int lo = 0;
    int hi = frames.size() - 1;
    long found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (frames.get(mid)[1] <= capture) {
        found = frames.get(mid)[0];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private static void writeStep(JsonWriter json, long step, JsonObject a, int width, int height,
      String before, String after, long beforeSeq, long afterSeq) {
    String type = a.getString("action");
    json.reset().beginObject().field("step", step).field("actionId", a.optLong("id", -1));
    json.name("action").beginObject().field("type", type);
    if (!type.equals("type") && !type.startsWith("key") && !type.equals("hotkey")) {
      point(json, "", a.optLong("frameX", 0), a.optLong("frameY", 0), width, height);
    }
    if (a.has("button")) {
      json.field("button", a.getString("button"));
    }
    if (a.has("count")) {
      json.field("count", a.getLong("count"));
    }
    switch (type) {
      case "drag" -> {
        long dx = a.optLong("x", 0) - a.optLong("frameX", 0);
        long dy = a.optLong("y", 0) - a.optLong("frameY", 0);
        point(json, "end", a.getLong("endX") - dx, a.getLong("endY") - dy, width, height);
        json.name("path").beginArray();
        for (Object p : a.getArray("path")) {
          List<?> xyt = (List<?>) p;
          json.beginArray().value(((Number) xyt.get(0)).longValue() - dx)
              .value(((Number) xyt.get(1)).longValue() - dy)
              .value(((Number) xyt.get(2)).longValue()).endArray();
        }
        json.endArray();
      }
      case "scroll" -> json.field("scrollX", a.optLong("scrollX", 0))
          .field("scrollY", a.optLong("scrollY", 0));
      case "type" -> {
        if (a.optBoolean("masked", false)) {
          // A secret: its length and timing only, as the timeline stores it.
          json.field("masked", true).field("length", a.optLong("length", 0));
        } else {
          json.field("text", a.optString("text", ""));
        }
      }
      default -> { }
    }
    if (a.has("keys")) {
      json.name("keys").beginArray();
      for (Object k : a.getArray("keys")) {
        json.value((String) k);
      }
      json.endArray();
    }
    json.field("screenWidth", (long) width).field("screenHeight", (long) height).endObject();
    json.field("before", before).field("after", after);
    json.field("beforeFrame", beforeSeq).field("afterFrame", afterSeq);
    JsonObject b = a.has("before") ? a.getObject("before") : JsonObject.of(Map.of());
    JsonObject f = a.has("after") ? a.getObject("after") : JsonObject.of(Map.of());
    json.field("beforeAgeMs", b.optLong("ageMs", -1));
    json.field("settleMs", f.optLong("settleMs", -1));
    json.field("settled", f.optBoolean("settled", false));
    json.name("time").beginObject()
        .field("start", a.optLong("mono", 0) / 1e9)
        .field("end", a.optLong("endMono", 0) / 1e9)
        .field("wallStartMillis", a.optLong("wall", 0));
    if (b.has("mono")) {
      json.field("before", b.getLong("mono") / 1e9);
    }
    if (f.has("mono")) {
      json.field("after", f.getLong("mono") / 1e9);
    }
    json.endObject();
    json.field("app", a.optString("app", null)).field("title", a.optString("title", null));
    json.endObject();
  }

  private static void point(JsonWriter json, String prefix, long x, long y, int width,
      int height) {
    String px = prefix.isEmpty() ? "x" : prefix + "X";
    String py = prefix.isEmpty() ? "y" : prefix + "Y";
    json.field(px, x).field(py, y)
        .field(px + "Norm", Math.round(x * 10000.0 / width) / 10000.0)
        .field(py + "Norm", Math.round(y * 10000.0 / height) / 10000.0);
  }
}
