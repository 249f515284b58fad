package io.screentrail.bench.input;

import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import io.screentrail.RedactionMode;
import io.screentrail.input.InputMode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * End-to-end input latency on a real X server: the global hook (jnativehook over RECORD) sees
 * xdotool's clicks and keys on an xterm, and the engine reports how long the hook's hand-off to
 * the queue took and, per settled action, how late its after frame caught the screen's final
 * state (the gap between the capture that saw it and the capture before: an upper bound).
 *
 * <pre>
 * benchmarks/run-input.sh    # starts Xvfb and an xterm, then runs this with DISPLAY set
 * </pre>
 */
public final class ActionLatencyProbe {

  private ActionLatencyProbe() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path dir = Files.createTempDirectory("screentrail-latency");
    Files.delete(dir);
    CaptureStats stats;
    try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir).fps(1)
        .redaction(RedactionMode.OFF).inputMode(InputMode.GLOBAL).build()) {
      engine.start();
      Thread.sleep(1000);
      xdotool("mousemove", "200", "150", "click", "1");
      for (int i = 0; i < rounds; i++) {
        xdotool("type", "--delay", "30", "echo round " + i);
        Thread.sleep(700);
        xdotool("key", "Return");
        Thread.sleep(700);
        xdotool("click", "1");
        Thread.sleep(700);
      }
      Thread.sleep(1000);
      engine.close();
      stats = engine.stats();
    }
    System.out.printf("actions %d (unsettled %d), input events %d, dropped %d%n",
        stats.actions(), stats.actionsUnsettled(), stats.inputEvents(),
        stats.inputEventsDropped());
    System.out.printf("hook-to-queue: n=%d p50=%.1f us p99=%.1f us max=%.1f us%n",
        stats.inputOfferTime().count(), stats.inputOfferTime().p50Nanos() / 1e3,
        stats.inputOfferTime().p99Nanos() / 1e3, stats.inputOfferTime().maxNanos() / 1e3);
    System.out.printf("after-frame gap beyond settle: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
        stats.afterFrameGap().count(), stats.afterFrameGap().p50Nanos() / 1e6,
        stats.afterFrameGap().p99Nanos() / 1e6, stats.afterFrameGap().maxNanos() / 1e6);
  }

  private static void xdotool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "xdotool";
    System.arraycopy(args, 0, cmd, 1, args.length);
    new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }
}
