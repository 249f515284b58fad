package io.screentrail.session;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonException;
import io.screentrail.internal.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a recording root (a directory whose subdirectories are sessions) within a byte cap and a
 * maximum age: the oldest sessions go first, never the one being written, and every removal is
 * appended to {@code removed.jsonl} in the root: {@code {"session", "sessionId", "from", "to",
 * "bytes", "reason", "removedAt"}}, with {@code from} the session's creation time and {@code to}
 * the last change of its timeline (ISO-8601 UTC), {@code reason} {@code max-bytes} or {@code
 * max-age}. Nothing in the log says what was recorded, so it stays plaintext for encrypted
 * sessions. Only directories with a Screentrail manifest are ever touched.
 *
 * <p>The engine runs it when recording starts (on the caller's thread), then on the encoder
 * thread about once a minute and whenever a segment starts; it lists and sizes the root each
 * time, which is cheap next to a second of recording.
 */
public final class Retention {

  /** The removal log's file name in the root. */
  public static final String LOG = "removed.jsonl";

  private Retention() {}

  /** One session removed. */
  public record Removal(String session, String sessionId, String from, String to, long bytes,
      String reason) {}

  /**
   * Removes sessions from {@code limits.root()} until the root fits {@code maxRootBytes} and no
   * session is older than {@code maxAge}, skipping {@code current}.
   *
   * @return what was removed, oldest first
   */
  public static List<Removal> prune(StorageLimits limits, Path current, long nowMillis)
      throws IOException {
    if (!limits.retains() || !Files.isDirectory(limits.root())) {
      return List.of();
    }
    List<Entry> sessions = new ArrayList<>();
    long total = 0;
    Path currentAbs = current == null ? null : current.toAbsolutePath().normalize();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(limits.root(), Files::isDirectory)) {
      for (Path d : dirs) {
        Entry e = Entry.of(d);
        if (e == null) {
          continue;
        }
        total += e.bytes;
        if (!d.toAbsolutePath().normalize().equals(currentAbs)) {
          sessions.add(e);
        }
      }
    }
    sessions.sort(Comparator.comparingLong((Entry e) -> e.createdMillis)
        .thenComparing(e -> e.dir.getFileName().toString()));
    List<Removal> removed = new ArrayList<>();
    for (Entry e : sessions) {
      String reason = null;
      if (limits.maxAge() != null && nowMillis - e.createdMillis > limits.maxAge().toMillis()) {
        reason = "max-age";
      } else if (limits.maxRootBytes() > 0 && total > limits.maxRootBytes()) {
        reason = "max-bytes";
      }
      if (reason == null) {
        continue;
      }
      Removal r = new Removal(e.dir.getFileName().toString(), e.sessionId,
          Instant.ofEpochMilli(e.createdMillis).toString(),
          Instant.ofEpochMilli(e.lastMillis).toString(), e.bytes, reason);
      // Logged before deleting: a crash in between leaves a log line for a half-removed session,
      // never a removal without one.
      log(limits.root(), r, nowMillis);
      deleteTree(e.dir);
      total -= e.bytes;
      removed.add(r);
    }
    return removed;
  }

  /** The removal log of {@code root}, oldest first; empty when there is none. */
  public static List<JsonObject> readLog(Path root) throws IOException {
    Path file = root.resolve(LOG);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<JsonObject> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(Json.parseObject(line));
      } catch (JsonException e) {
        // A line cut by a crash: the lines before it are whole.
      }
    }
    return out;
  }

  private static void log(Path root, Removal r, long nowMillis) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("session", r.session());
    m.put("sessionId", r.sessionId());
    m.put("from", r.from());
    m.put("to", r.to());
    m.put("bytes", r.bytes());
    m.put("reason", r.reason());
    m.put("removedAt", Instant.ofEpochMilli(nowMillis).toString());
    Files.write(root.resolve(LOG), (Json.write(m) + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
        StandardOpenOption.SYNC);
  }

  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** A session directory's identity, age and size, from plaintext facts only. */
  private record Entry(Path dir, String sessionId, long createdMillis, long lastMillis,
      long bytes) {

    static Entry of(Path dir) throws IOException {
      Path manifest = dir.resolve(SessionFormat.MANIFEST);
      if (!Files.isRegularFile(manifest)) {
        return null;
      }
      JsonObject m;
      try {
        m = Json.parseObject(Files.readString(manifest, StandardCharsets.UTF_8));
      } catch (JsonException | IOException e) {
        return null;
      }
      if (!SessionFormat.FORMAT_NAME.equals(m.optString("format", null))) {
        return null;
      }
      long created;
      try {
        created = Instant.parse(m.optString("createdAt", "")).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        created = Files.getLastModifiedTime(manifest).toMillis();
      }
      long[] size = {0};
      long[] last = {created};
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          size[0] += attrs.size();
          last[0] = Math.max(last[0], attrs.lastModifiedTime().toMillis());
          return FileVisitResult.CONTINUE;
        }
      });
      return new Entry(dir, m.optString("sessionId", null), created, last[0], size[0]);
    }
  }
}
