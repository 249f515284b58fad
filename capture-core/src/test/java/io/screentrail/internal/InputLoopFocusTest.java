package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureConfig;
import io.screentrail.CaptureEngine;
import io.screentrail.input.Action;
import io.screentrail.input.ActionType;
import io.screentrail.internal.x11.FocusTracker;
import io.screentrail.internal.x11.FocusWatcher;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input thread with a focus watcher, on a real X server with two xterms and an xclock that
 * redraws every second, and no input at all: it queries the focus once at start and then not
 * again while only the clock changes (it polled 4 times a second before), yet a focus moved by
 * {@code xdotool windowfocus} still becomes a focus action naming the new application.
 */
class InputLoopFocusTest {

  @TempDir static Path tmp;
  private static XvfbServer x;

  @BeforeAll
  static void windows() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm")
        && XvfbServer.onPath("xdotool") && XvfbServer.onPath("xclock"),
        "needs Xvfb, xterm, xdotool and xclock");
    x = XvfbServer.startTwoXtermsAndAClock("LoopA", "LoopB");
    assertThat(x.run("xdotool", "search", "--class", "LoopA", "windowfocus")).isZero();
  }

  @AfterAll
  static void stop() {
    if (x != null) {
      x.close();
    }
  }

  @Test
  void anIdleDesktopCostsNoFocusQueryAndAFocusChangeIsStillAnAction() throws Exception {
    CaptureConfig config = CaptureEngine.builder().sessionDirectory(tmp.resolve("s"))
        .display(x.display()).buildConfig();
    EngineCounters counters = new EngineCounters();
    InputHub hub = new InputHub(config.ticker(), 64, counters);
    ArrayBlockingQueue<PendingAction> actions = new ArrayBlockingQueue<>(64);
    LinkedBlockingQueue<Object> records = new LinkedBlockingQueue<>();
    try (FocusTracker tracker = FocusTracker.open(x.display())) {
      InputLoop loop = new InputLoop(config, hub, new CaptureHistory(), actions, records,
          counters, tracker);
      try (FocusWatcher watcher = FocusWatcher.open(x.display(), loop::wake)) {
        assertThat(watcher).isNotNull();
        loop.focusEvents(watcher);
        Thread t = new Thread(loop, "input-under-test");
        t.start();
        Action first = nextFocus(actions);
        assertThat(first.app()).isEqualTo("LoopA");
        XvfbServer.sleep(1000); // past the first half second of polling, asleep since
        long queries = loop.focusRefreshes();
        XvfbServer.sleep(2000); // the clock redraws; nothing else happens
        assertThat(loop.focusRefreshes()).as("focus queries while idle").isEqualTo(queries);

        assertThat(x.run("xdotool", "search", "--class", "LoopB", "windowfocus")).isZero();
        Action moved = nextFocus(actions);
        assertThat(moved.app()).isEqualTo("LoopB");
        assertThat(loop.focusRefreshes()).isGreaterThan(queries);

        loop.stop();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
      }
    }
  }

  /** The next focus action, skipping nothing else (no input is made, so there is none). */
  private static Action nextFocus(ArrayBlockingQueue<PendingAction> actions)
      throws InterruptedException {
    List<Action> seen = new ArrayList<>();
    PendingAction p = actions.poll(10, TimeUnit.SECONDS);
    assertThat(p).as("a focus action within 10 s").isNotNull();
    seen.add(p.action);
    assertThat(p.action.type()).as("actions %s", seen).isEqualTo(ActionType.FOCUS);
    return p.action;
  }
}
