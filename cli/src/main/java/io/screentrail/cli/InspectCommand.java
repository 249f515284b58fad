package io.screentrail.cli;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonException;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionCheck;
import io.screentrail.session.SessionException;
import io.screentrail.session.SessionReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code screentrail inspect DIR [--json]}: verifies every record and image of a session and
 * summarises it. Exit 0 when the session is ok (a torn tail left by a killed recorder is still ok),
 * 1 when records or images are damaged, 2 when the directory is not a readable session.
 */
final class InspectCommand {

  static final String HELP = """
      Usage: screentrail inspect DIR [--json] [--key-file FILE | --key-env NAME]

      Checks a session: every timeline record and every image it references, then prints a
      summary: source, geometry, format, duration, frames stored / skipped / dropped, input
      events and actions (and whether global input was captured, or why not), size, whether
      the files end in a torn record and how the recording ended.

        --json   print one JSON object instead (fields ok, framesStored, keyframes,
                 framesCaptured, framesSkippedUnchanged, framesDropped, events, actions,
                 markers, eventsDropped, pointerMovesCoalesced, actionsUnsettled, input
                 {global, reason, mode}, tornTail, durationSeconds, bytes, records,
                 endedCleanly, endReason, problems, directory, source, geometry,
                 encrypted, removed, ...)
      """ + StorageFlags.KEY_HELP + """

      Exit codes: 0 ok (a torn tail left by a killed recorder is still ok), 1 damaged records
      or images, 2 not a session (or a damaged manifest, or an encrypted session without
      its key or with another key).

      An encrypted session needs its key; a record or image whose bytes changed is listed as
      failing authentication, by file and offset. Sessions that retention removed from the
      directory holding DIR (removed.jsonl there) are listed too.
      """;

  private InspectCommand() {}

  static int run(List<String> argv, Cli cli) throws UsageException {
    Args args = Args.parse("inspect", argv, StorageFlags.KEY_FLAGS, List.of("--json"), 1);
    if (args.help()) {
      cli.out().print(HELP);
      return Main.OK;
    }
    Path dir = Path.of(args.positional(0, "the session directory: screentrail inspect DIR"));
    boolean json = args.flag("--json");
    io.screentrail.session.KeyProvider keys = StorageFlags.keys(args, cli);
    if (!java.nio.file.Files.exists(dir.resolve(io.screentrail.session.SessionFormat.MANIFEST))
        && !segments(dir).isEmpty()) {
      return inspectRecording(dir, segments(dir), keys, json, cli);
    }
    SessionReader reader;
    try {
      reader = SessionReader.open(dir, keys);
    } catch (SessionException e) {
      if (json) {
        printJsonError(cli.out(), dir, e.getMessage());
      }
      cli.message(e.getMessage());
      return Main.USAGE;
    }
    try (reader) {
      SessionCheck check = reader.check();
      PolicySummary policy = PolicySummary.scan(reader);
      List<JsonObject> removed = removals(dir);
      if (json) {
        Map<String, Object> m = toJson(dir, reader.manifest(), check);
        policy.addTo(m, reader.manifest());
        m.put("encrypted", reader.encrypted());
        List<Object> r = new ArrayList<>();
        removed.forEach(o -> r.add(o.asMap()));
        m.put("removed", r);
        cli.out().println(Json.writePretty(m));
      } else {
        printSummary(cli.out(), dir, reader.manifest(), check);
        policy.print(cli.out(), reader.manifest());
        printStorage(cli.out(), reader, removed);
      }
      return check.ok() ? Main.OK : Main.FAILED;
    } catch (IOException e) {
      String m = "cannot read the session in " + dir + ": " + e.getMessage();
      if (json) {
        printJsonError(cli.out(), dir, m);
      }
      cli.message(m);
      return Main.FAILED;
    }
  }

  private static void printJsonError(PrintStream out, Path dir, String error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", false);
    m.put("directory", dir.toAbsolutePath().normalize().toString());
    m.put("error", error);
    out.println(Json.writePretty(m));
  }

  /** The {@code --json} object: the check's figures and what the manifest says of the source. */
  static Map<String, Object> toJson(Path dir, JsonObject manifest, SessionCheck c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", c.ok());
    m.put("directory", dir.toAbsolutePath().normalize().toString());
    m.put("source", optString(manifest, "source"));
    m.put("display", optString(manifest, "display"));
    m.put("createdAt", optString(manifest, "createdAt"));
    m.put("geometry", optObject(manifest, "geometry"));
    JsonObject config = optObject(manifest, "config");
    m.put("imageFormat", optString(config, "format"));
    m.put("fps", config != null && config.asMap().get("fps") instanceof Number n
        ? n.doubleValue() : null);
    m.put("framesStored", c.framesStored());
    m.put("keyframes", c.keyframes());
    m.put("framesCaptured", c.framesCaptured());
    m.put("framesSkippedUnchanged", c.framesSkippedUnchanged());
    m.put("framesDropped", c.framesDropped());
    m.put("events", c.events());
    m.put("actions", c.actions());
    m.put("focusActions", c.focusActions());
    m.put("markers", c.markers());
    m.put("eventsDropped", c.eventsDropped());
    m.put("pointerMovesCoalesced", c.pointerMovesCoalesced());
    m.put("actionsUnsettled", c.actionsUnsettled());
    m.put("input", optObject(manifest, "input"));
    m.put("damageHints", optObject(manifest, "damageHints"));
    m.put("performance", new LinkedHashMap<String, Object>(c.performance()));
    m.put("redaction", new LinkedHashMap<String, Object>(c.redaction()));
    m.put("tornTail", c.tornTail());
    m.put("durationSeconds", Math.round(c.durationSeconds() * 1000) / 1000.0);
    m.put("bytes", c.bytes());
    m.put("records", c.records());
    m.put("endedCleanly", c.endedCleanly());
    m.put("endReason", c.endReason());
    m.put("problems", new ArrayList<Object>(c.problems()));
    return m;
  }

  /** The human-readable summary, shared with {@code demo}. */
  static void printSummary(PrintStream out, Path dir, JsonObject manifest, SessionCheck c) {
    JsonObject geometry = optObject(manifest, "geometry");
    JsonObject config = optObject(manifest, "config");
    row(out, "Session", dir.toAbsolutePath().normalize().toString());
    row(out, "Result", c.ok() ? "ok" : "NOT OK: " + c.problems().size() + " problem"
        + (c.problems().size() == 1 ? "" : "s") + " (listed below)");
    String display = optString(manifest, "display");
    row(out, "Source", orUnknown(optString(manifest, "source"))
        + (display != null ? " on display " + display : ""));
    row(out, "Geometry", describeGeometry(geometry));
    row(out, "Screens", describeScreens(geometry));
    if (config != null) {
      String format = optString(config, "format");
      String quality = "jpeg".equals(format) && config.asMap().get("jpegQuality") != null
          ? " quality " + config.asMap().get("jpegQuality") : "";
      Object fps = config.asMap().get("fps");
      row(out, "Format", orUnknown(format) + quality
          + (fps instanceof Number n ? ", " + Cli.number(n.doubleValue()) + " fps" : ""));
    }
    String created = optString(manifest, "createdAt");
    if (created != null) {
      row(out, "Started", created);
    }
    row(out, "Duration", String.format(Locale.ROOT, "%.1f s", c.durationSeconds()));
    row(out, "Frames", c.framesStored() + " stored (" + c.keyframes() + " keyframes) of "
        + c.framesCaptured() + " captured; " + c.framesSkippedUnchanged()
        + " skipped unchanged; " + c.framesDropped() + " dropped");
    row(out, "Input", c.events() + " events, " + c.actions() + " actions"
        + (c.focusActions() > 0 ? " (" + c.focusActions() + " of them focus changes)" : "")
        + ", " + c.markers()
        + " markers; " + describeInput(optObject(manifest, "input")));
    row(out, "Input loss", c.eventsDropped() + " events dropped (queue full), "
        + c.pointerMovesCoalesced() + " pointer moves coalesced, " + c.actionsUnsettled()
        + " actions before the screen settled");
    row(out, "Damage", describeDamage(optObject(manifest, "damageHints"), c.performance()));
    row(out, "CPU budget", describeBudget(config, c.performance()));
    row(out, "Copies", describeCopies(config, c.performance()));
    row(out, "Redaction", describeRedaction(config, c.redaction()));
    row(out, "Size", Cli.megabytes(c.bytes()) + " (" + c.bytes() + " bytes), " + c.records()
        + " timeline records");
    row(out, "Torn tail", c.tornTail()
        ? "yes: the recorder was interrupted mid-write; everything before it reads back"
        : "no");
    row(out, "Ended", c.endedCleanly() ? "cleanly (" + c.endReason() + ")"
        : "no end record: the recorder was killed or failed, or is still recording");
    if (c.problems().isEmpty()) {
      row(out, "Problems", "none");
    } else {
      row(out, "Problems", c.problems().size() + ":");
      for (String p : c.problems()) {
        out.println("  - " + p);
      }
    }
  }

  /** Session directories directly inside {@code dir} (segments), in name order: time order. */
  private static List<Path> segments(Path dir) {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
      return s.filter(d -> java.nio.file.Files.isRegularFile(
          d.resolve(io.screentrail.session.SessionFormat.MANIFEST))).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * A recording directory of segments: one line (or JSON object) per segment, then what
   * retention removed from it.
   */
  private static int inspectRecording(Path dir, List<Path> segments,
      io.screentrail.session.KeyProvider keys, boolean json, Cli cli) {
    List<Object> rows = new ArrayList<>();
    boolean ok = true;
    long bytes = 0;
    long frames = 0;
    for (Path seg : segments) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("segment", seg.getFileName().toString());
      try (SessionReader reader = SessionReader.open(seg, keys)) {
        SessionCheck c = reader.check();
        row.put("ok", c.ok());
        row.put("createdAt", optString(reader.manifest(), "createdAt"));
        row.put("framesStored", c.framesStored());
        row.put("durationSeconds", Math.round(c.durationSeconds() * 1000) / 1000.0);
        row.put("bytes", c.bytes());
        row.put("endReason", c.endReason());
        row.put("tornTail", c.tornTail());
        row.put("problems", new ArrayList<Object>(c.problems()));
        ok &= c.ok();
        bytes += c.bytes();
        frames += c.framesStored();
      } catch (SessionException e) {
        cli.message(e.getMessage());
        return Main.USAGE; // no key, wrong key, not a session: the same for every segment
      } catch (IOException e) {
        row.put("ok", false);
        row.put("problems", List.of(e.getMessage()));
        ok = false;
      }
      rows.add(row);
    }
    List<JsonObject> removed;
    try {
      removed = io.screentrail.session.Retention.readLog(dir);
    } catch (IOException e) {
      removed = List.of();
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", ok);
      m.put("directory", dir.toAbsolutePath().normalize().toString());
      m.put("segments", rows);
      m.put("framesStored", frames);
      m.put("bytes", bytes);
      List<Object> r = new ArrayList<>();
      removed.forEach(o -> r.add(o.asMap()));
      m.put("removed", r);
      cli.out().println(Json.writePretty(m));
      return ok ? Main.OK : Main.FAILED;
    }
    PrintStream out = cli.out();
    row(out, "Recording", dir.toAbsolutePath().normalize() + " (" + segments.size()
        + " segments)");
    row(out, "Result", ok ? "ok" : "NOT OK (problems listed below)");
    row(out, "Frames", frames + " stored");
    row(out, "Size", Cli.megabytes(bytes) + " (" + bytes + " bytes)");
    for (Object o : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Object> row = (Map<String, Object>) o;
      out.println("  - " + row.get("segment") + ": " + (Boolean.TRUE.equals(row.get("ok"))
          ? "ok" : "NOT OK " + row.get("problems")) + ", " + row.get("framesStored")
          + " frames, " + row.get("durationSeconds") + " s, " + row.get("bytes") + " bytes, "
          + (row.get("endReason") == null ? "no end record" : "ended " + row.get("endReason")));
    }
    if (!removed.isEmpty()) {
      printRemovals(out, removed, "older segment", "");
    }
    return ok ? Main.OK : Main.FAILED;
  }

  /** The removal log of the recording root holding {@code dir}; empty when there is none. */
  private static List<JsonObject> removals(Path dir) {
    Path root = dir.toAbsolutePath().normalize().getParent();
    try {
      return root == null ? List.of() : io.screentrail.session.Retention.readLog(root);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Encryption and what retention removed from the recording root. */
  private static void printStorage(PrintStream out, SessionReader reader,
      List<JsonObject> removed) {
    JsonObject enc = optObject(reader.manifest(), "encryption");
    row(out, "Encrypted", enc == null ? "no"
        : "yes (" + optString(enc, "algorithm") + ", key id " + optString(enc, "keyId") + ")");
    if (removed.isEmpty()) {
      return;
    }
    long bytes = 0;
    for (JsonObject o : removed) {
      bytes += o.optLong("bytes", 0);
    }
    printRemovals(out, removed, "older session", " of this directory's root, "
        + Cli.megabytes(bytes));
  }

  /** The last ten removals of a removal log, one line each. */
  private static void printRemovals(PrintStream out, List<JsonObject> removed, String what,
      String more) {
    row(out, "Removed", removed.size() + " " + what + (removed.size() == 1 ? "" : "s") + more
        + " (removed.jsonl):");
    for (JsonObject o : removed.subList(Math.max(0, removed.size() - 10), removed.size())) {
      out.println("  - " + optString(o, "session") + " " + optString(o, "from") + " to "
          + optString(o, "to") + ", " + o.optLong("bytes", 0) + " bytes, "
          + optString(o, "reason") + ", removed " + optString(o, "removedAt"));
    }
  }

  private static void row(PrintStream out, String label, String value) {
    StringBuilder b = new StringBuilder(label);
    while (b.length() < 11) {
      b.append(' ');
    }
    out.println(b.append(value));
  }

  /** Whether damage hints were in use and what they saved and missed. */
  private static String describeDamage(JsonObject hints, Map<String, Object> perf) {
    if (hints == null) {
      return "no damage hints (the session predates them)";
    }
    if (!Boolean.TRUE.equals(hints.asMap().get("used"))) {
      String reason = optString(hints, "reason");
      return "off, every frame grabbed and hashed whole" + (reason != null ? ": " + reason : "");
    }
    return "X server hints on: " + perf.getOrDefault("framesSkippedByDamage", 0L)
        + " frames skipped without a grab; " + perf.getOrDefault("damageChecks", 0L)
        + " full checks found " + perf.getOrDefault("damageMissedTiles", 0L)
        + " changed tiles the hints missed; " + perf.getOrDefault("grabsRedone", 0L)
        + " grabs redone whole (drawn on during the grab)";
  }

  /** Whether moved content was stored as copies, and how much. */
  private static String describeCopies(JsonObject config, Map<String, Object> perf) {
    if (config == null || !Boolean.TRUE.equals(config.asMap().get("scrollCopies"))) {
      return "off, moved content stored as images";
    }
    return perf.getOrDefault("regionsCopied", 0L) + " regions copied from the previous frame ("
        + perf.getOrDefault("pixelsCopied", 0L) + " pixels not encoded again)";
  }

  /** Whether frames were redacted, and every line OCR hid, blurred unread or dropped a frame for. */
  private static String describeRedaction(JsonObject config, Map<String, Object> r) {
    Object mode = config == null ? null : config.asMap().get("redaction");
    if (mode == null || "off".equals(mode)) {
      return "off: frames stored as captured";
    }
    return mode + ": " + r.getOrDefault("framesRedacted", 0L) + " frames with hidden boxes ("
        + r.getOrDefault("redactionBoxes", 0L) + " boxes); " + r.getOrDefault("ocrLines", 0L)
        + " lines read, " + r.getOrDefault("ocrCacheHits", 0L) + " from the cache; "
        + describeWords(r)
        + r.getOrDefault("linesUnreadable", 0L) + " unreadable and "
        + r.getOrDefault("linesUnread", 0L) + " unread lines hidden; "
        + describeUnreadableAgain(r)
        + describeOverBudget(r)
        + r.getOrDefault("ocrTimeouts", 0L) + " OCR timeouts, " + r.getOrDefault("ocrErrors", 0L)
        + " OCR errors, " + r.getOrDefault("framesDroppedUnread", 0L)
        + " frames dropped unread; " + r.getOrDefault("redactionsLifted", 0L)
        + " parts of earlier boxes stored again, read and found harmless";
  }

  /** Lines hidden unread where OCR had read nothing before, when the session's stats have it. */
  private static String describeUnreadableAgain(Map<String, Object> r) {
    if (!r.containsKey("linesUnreadableAgain")) {
      return "";
    }
    return r.get("linesUnreadableAgain") + " lines hidden without reading, where OCR read"
        + " nothing before; ";
  }

  /** Lines hidden unread for the CPU budget and read later, when the session's stats have it. */
  private static String describeOverBudget(Map<String, Object> r) {
    if (!r.containsKey("linesOverBudget")) {
      return "";
    }
    return r.get("linesOverBudget") + " lines hidden unread over the CPU budget's OCR allowance, "
        + r.getOrDefault("linesReadLater", 0L) + " unread lines read later; ";
  }

  /** The word cache's share of the lines read, when the session's stats have it. */
  private static String describeWords(Map<String, Object> r) {
    if (!r.containsKey("ocrWordLines")) {
      return "";
    }
    return r.get("ocrWordLines") + " of those put together from words (" + r.get("ocrWordHits")
        + " word cache hits, " + r.getOrDefault("ocrWordMisses", 0L) + " words read on "
        + r.getOrDefault("ocrSyntheticReads", 0L) + " synthetic lines, "
        + r.getOrDefault("ocrWordFallbacks", 0L) + " lines read whole after their words did not"
        + " map); ";
  }

  /** The CPU ceiling and every degradation it made. */
  private static String describeBudget(JsonObject config, Map<String, Object> perf) {
    Object budget = config == null ? null : config.asMap().get("cpuBudget");
    if (!(budget instanceof Number b) || b.doubleValue() <= 0) {
      return "none";
    }
    Object share = perf.get("cpuShare");
    return Cli.number(b.doubleValue() * 100) + "% of one core; last measured "
        + (share instanceof Number n ? Cli.number(Math.round(n.doubleValue() * 1000) / 10.0)
            + "%" : "unknown")
        + ", level " + perf.getOrDefault("cpuBudgetLevel", 0L) + "; "
        + perf.getOrDefault("cpuBudgetRateReductions", 0L) + " rate reductions, "
        + perf.getOrDefault("cpuBudgetOcrNarrowings", 0L) + " OCR narrowings, "
        + perf.getOrDefault("cpuBudgetAllowanceCuts", 0L) + " OCR allowance cuts, "
        + perf.getOrDefault("cpuBudgetRestores", 0L) + " restores, "
        + perf.getOrDefault("cpuBudgetOverAtMaxLevel", 0L) + " samples over at the last level, "
        + perf.getOrDefault("framesOcrNarrowed", 0L) + " frames with narrowed OCR"
        + (perf.containsKey("linesAwaitingRead") ? ", " + perf.get("linesAwaitingRead")
            + " unread lines waiting to be read" : "");
  }

  /** What the manifest's {@code input} object says: whether global input was captured. */
  private static String describeInput(JsonObject input) {
    if (input == null) {
      return "no global input (the session predates input capture)";
    }
    String mode = optString(input, "mode");
    String reason = optString(input, "reason");
    String how = Boolean.TRUE.equals(input.asMap().get("global"))
        ? "global input (keyboard and mouse)"
        : "no global input" + (reason != null ? ": " + reason : "");
    return how + (mode != null ? " (input mode " + mode + ")" : "");
  }

  private static String describeGeometry(JsonObject g) {
    if (g == null) {
      return "unknown";
    }
    try {
      String area = g.getLong("width") + "x" + g.getLong("height");
      long screen = g.optLong("screenIndex", -1);
      if (screen < 0) {
        return area + ", the whole desktop";
      }
      return area + " at +" + g.optLong("x", 0) + "+" + g.optLong("y", 0) + ", screen " + screen
          + " of a " + g.optLong("desktopWidth", 0) + "x" + g.optLong("desktopHeight", 0)
          + " desktop";
    } catch (JsonException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  private static String describeScreens(JsonObject g) {
    if (g == null || !g.has("screens")) {
      return "unknown";
    }
    try {
      List<JsonObject> screens = g.getObjectList("screens");
      StringBuilder b = new StringBuilder().append(screens.size());
      String sep = ": ";
      for (JsonObject s : screens) {
        b.append(sep).append('#').append(s.optLong("index", 0)).append(' ')
            .append(s.optLong("width", 0)).append('x').append(s.optLong("height", 0))
            .append('+').append(s.optLong("x", 0)).append('+').append(s.optLong("y", 0));
        sep = ", ";
      }
      return b.toString();
    } catch (JsonException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  private static String orUnknown(String s) {
    return s == null ? "unknown" : s;
  }

  // A manifest from another version may lack a field or type it differently: show what is there.
  private static String optString(JsonObject o, String name) {
    if (o == null) {
      return null;
    }
    Object v = o.asMap().get(name);
    return v == null ? null : v.toString();
  }

  private static JsonObject optObject(JsonObject o, String name) {
    if (o == null) {
      return null;
    }
    Object v = o.asMap().get(name);
    if (v instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      JsonObject obj = JsonObject.of((Map<String, ?>) map);
      return obj;
    }
    return null;
  }
}
