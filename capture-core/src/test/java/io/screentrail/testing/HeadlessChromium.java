package io.screentrail.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's {@code chromium} run headless on a page, the way a reviewer's browser would open it:
 * a fresh profile, no network services, a fixed window and scale, then a screenshot and the DOM as
 * it stands after the page's scripts ran.
 */
public final class HeadlessChromium {

  /** Window size of every run: wide enough for the viewer's two frame panels. */
  public static final int WIDTH = 1400;
  public static final int HEIGHT = 1000;

  private HeadlessChromium() {}

  /** Whether {@code chromium} is on the PATH. */
  public static boolean available() {
    return XvfbServer.onPath("chromium");
  }

  /** What one page looked like. */
  public record Page(BufferedImage screenshot, String dom) {

    /** The pixel at ({@code x}, {@code y}) of the screenshot as {@code 0xRRGGBB}. */
    public int rgb(int x, int y) {
      return screenshot.getRGB(x, y) & 0xFFFFFF;
    }

    /** The value of {@code name="..."} on the {@code <body>} element, or null. */
    public String bodyAttribute(String name) {
      int body = dom.indexOf("<body");
      int end = dom.indexOf('>', body);
      String tag = dom.substring(body, end);
      String key = name + "=\"";
      int at = tag.indexOf(key);
      if (at < 0) {
        return null;
      }
      int from = at + key.length();
      return tag.substring(from, tag.indexOf('"', from));
    }
  }

  /** Opens {@code url} (file: or http:), screenshots it and dumps its DOM, in {@code work}. */
  public static Page open(String url, Path work) throws IOException {
    Files.createDirectories(work);
    Path png = work.resolve("screenshot.png");
    run(work, "screenshot", "--screenshot=" + png, url);
    String dom = run(work, "dom", "--dump-dom", url);
    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null) {
      throw new IOException("chromium wrote no readable screenshot at " + png);
    }
    // Kept for whoever reads the build: what a reviewer's browser showed.
    Path shots = Files.createDirectories(Path.of("target", "view-screenshots"));
    Files.copy(png, shots.resolve(work.getFileName() + "-" + Integer.toHexString(url.hashCode())
        + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return new Page(image, dom);
  }

  /**
   * The DOM of {@code url} after its scripts ran, with extra chromium flags (such as {@code
   * --allow-file-access-from-files} for a page that drives another in a frame).
   */
  public static String dom(String url, Path work, String... flags) throws IOException {
    Files.createDirectories(work);
    return run(work, "dom", "--dump-dom", url, flags);
  }

  private static String run(Path work, String name, String action, String url, String... flags)
      throws IOException {
    Path profile = Files.createTempDirectory(work, "profile-");
    List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--force-device-scale-factor=1", "--user-data-dir=" + profile,
        // Virtual time runs until the page is idle: frames fetched from a server have arrived.
        "--virtual-time-budget=5000",
        "--window-size=" + WIDTH + "," + HEIGHT));
    cmd.addAll(List.of(flags));
    cmd.add(action);
    cmd.add(url);
    Path stdout = work.resolve(name + ".out");
    Path stderr = work.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    pb.environment().remove("DISPLAY");
    pb.environment().put("HOME", profile.toString());
    Process p = pb.start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("chromium did not finish in 120 s: " + String.join(" ", cmd));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("chromium exited " + p.exitValue() + ": " + Files.readString(stderr));
    }
    return Files.readString(stdout);
  }
}
