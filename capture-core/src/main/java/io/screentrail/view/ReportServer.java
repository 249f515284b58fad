package io.screentrail.view;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.screentrail.ImageFormat;
import io.screentrail.session.TimelineRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves a session's report on 127.0.0.1 for sessions too long for one file: the page at {@code
 * /}, the model at {@code /session.json}, and each frame at {@code /frames/N.jpg}, rebuilt from
 * its keyframe only when the browser asks for it.
 *
 * <p>One thread answers requests, because the session reader is not thread-safe; it keeps at most
 * {@code cacheFrames} encoded frames (LRU), never decoded ones, so memory does not grow with the
 * session. Requests whose {@code Host} is not this loopback address are refused, so a web page
 * elsewhere cannot read the session through a DNS name that points here.
 */
public final class ReportServer implements AutoCloseable {

  /** Encoded frames kept by default: about 0.2 MB each at 1080p. */
  public static final int DEFAULT_CACHE_FRAMES = 32;

  private final SessionReport report;
  private final HttpServer server;
  private final ExecutorService executor;
  private final byte[] page;
  private final byte[] model;
  private final Map<Integer, byte[]> cache;
  private long framesRebuilt;

  private ReportServer(SessionReport report, HttpServer server, ExecutorService executor,
      int cacheFrames) {
    this.report = report;
    this.server = server;
    this.executor = executor;
    String[] parts = ReportPage.render(report, ReportPage.SERVED);
    this.page = (parts[0] + parts[1]).getBytes(StandardCharsets.UTF_8);
    this.model = report.modelJson(ReportPage.SERVED).getBytes(StandardCharsets.UTF_8);
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
        return size() > cacheFrames;
      }
    };
  }

  /**
   * Starts serving {@code report} on 127.0.0.1.
   *
   * @param port the port, or 0 for any free one (see {@link #port()})
   * @param cacheFrames encoded frames to keep, at least 1
   * @throws IOException when the port cannot be bound (in use, or privileged)
   */
  public static ReportServer start(SessionReport report, int port, int cacheFrames)
      throws IOException {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
    }
    if (cacheFrames < 1) {
      throw new IllegalArgumentException("cacheFrames must be at least 1, was " + cacheFrames);
    }
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        port), 16);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "screentrail-view");
      t.setDaemon(true);
      return t;
    });
    ReportServer s = new ReportServer(report, http, executor, cacheFrames);
    http.createContext("/", s::handle);
    http.setExecutor(executor);
    http.start();
    return s;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The page's address, such as {@code http://127.0.0.1:8470/}. */
  public URI uri() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port()
        + "/");
  }

  /** Frames rebuilt so far (cache misses), for tests and logs. */
  public synchronized long framesRebuilt() {
    return framesRebuilt;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String method = x.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(x, 405, "text/plain", bytes("only GET and HEAD\n"));
        return;
      }
      if (!loopbackHost(x.getRequestHeaders().getFirst("Host"))) {
        send(x, 403, "text/plain", bytes("this viewer answers only on 127.0.0.1:" + port()
            + "\n"));
        return;
      }
      String path = x.getRequestURI().getPath();
      if (path.equals("/") || path.equals("/index.html")) {
        send(x, 200, "text/html; charset=utf-8", page);
      } else if (path.equals("/session.json")) {
        send(x, 200, "application/json", model);
      } else if (path.startsWith("/frames/") && path.endsWith(".jpg")) {
        int index = parseIndex(path.substring(8, path.length() - 4));
        byte[] jpeg = index < 0 ? null : frame(index);
        if (jpeg == null) {
          send(x, 404, "text/plain", bytes("no such frame\n"));
        } else {
          x.getResponseHeaders().set("Cache-Control", "max-age=3600");
          send(x, 200, "image/jpeg", jpeg);
        }
      } else {
        send(x, 404, "text/plain", bytes("not found\n"));
      }
    } catch (RuntimeException e) {
      // the exchange is closed; the browser sees the connection end and shows the frame as missing
      throw new IOException("viewer request failed: " + e, e);
    }
  }

  private boolean loopbackHost(String host) {
    if (host == null) {
      return true; // HTTP/1.0 clients send none; the socket is loopback-only anyway
    }
    String h = host.trim().toLowerCase(java.util.Locale.ROOT);
    String p = ":" + port();
    return h.equals("127.0.0.1" + p) || h.equals("localhost" + p) || h.equals("[::1]" + p);
  }

  private static int parseIndex(String s) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(s);
  }

  /** The frame at {@code index} of the report's frame list, encoded, or null when none. */
  synchronized byte[] frame(int index) throws IOException {
    List<TimelineRecord> records = report.frameRecords();
    if (index >= records.size()) {
      return null;
    }
    byte[] cached = cache.get(index);
    if (cached != null) {
      return cached;
    }
    int from = index;
    while (from > 0 && !records.get(from).body().optBoolean("key", false)) {
      from--;
    }
    long wanted = records.get(index).offset();
    byte[][] out = {null};
    List<String> problems = new ArrayList<>();
    report.reader().replay(records.subList(from, index + 1), f -> {
      if (f.record().offset() == wanted) {
        out[0] = f.encode(ImageFormat.JPEG, ReportWriter.JPEG_QUALITY);
      }
    }, problems);
    framesRebuilt++;
    if (out[0] != null) {
      cache.put(index, out[0]);
    }
    return out[0];
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops serving; requests in flight get a second to finish. The reader stays open. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
