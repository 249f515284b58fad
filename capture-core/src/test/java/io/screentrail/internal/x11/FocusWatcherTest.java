package io.screentrail.internal.x11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.testing.XvfbServer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The focus watcher on a real X server without a window manager: two xterms, focus moved between
 * them with {@code xdotool windowfocus} (XSetInputFocus, which tells the root window nothing) and
 * a title changed with {@code xdotool set_window}, while an xclock redraws every second. Each
 * focus-related change must be reported, the focus tracker must then name the new window, and a
 * screen that only redraws must report nothing (that is what lets the input thread sleep).
 */
class FocusWatcherTest {

  private static XvfbServer x;

  @BeforeAll
  static void windows() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm")
        && XvfbServer.onPath("xdotool") && XvfbServer.onPath("xclock"),
        "needs Xvfb, xterm, xdotool and xclock");
    x = XvfbServer.startTwoXtermsAndAClock("WatchA", "WatchB");
  }

  @AfterAll
  static void stop() {
    if (x != null) {
      x.close();
    }
  }

  @Test
  void focusMovedBetweenTopLevelsIsReportedAndTheTrackerFollows() throws Exception {
    AtomicLong callbacks = new AtomicLong();
    try (FocusWatcher watcher = FocusWatcher.open(x.display(), callbacks::incrementAndGet);
        FocusTracker tracker = FocusTracker.open(x.display())) {
      assertThat(watcher).isNotNull();
      for (String target : new String[] {"WatchA", "WatchB", "WatchA"}) {
        long before = watcher.changes();
        assertThat(x.run("xdotool", "search", "--class", target, "windowfocus")).isZero();
        waitFor(() -> watcher.changes() > before);
        assertThat(callbacks.get()).isEqualTo(watcher.changes());
        tracker.refresh();
        assertThat(tracker.app()).isEqualTo(target);
        watcher.watch(tracker.window());
      }
    }
  }

  @Test
  void aTitleChangeOfTheWatchedWindowIsReported() throws Exception {
    try (FocusWatcher watcher = FocusWatcher.open(x.display(), () -> { });
        FocusTracker tracker = FocusTracker.open(x.display())) {
      assertThat(x.run("xdotool", "search", "--class", "WatchB", "windowfocus")).isZero();
      waitFor(() -> watcher.changes() > 0);
      tracker.refresh();
      assertThat(tracker.app()).isEqualTo("WatchB");
      watcher.watch(tracker.window());
      settle(watcher);
      long before = watcher.changes();
      assertThat(x.run("xdotool", "search", "--class", "WatchB", "set_window", "--name",
          "renamed by the test")).isZero();
      waitFor(() -> watcher.changes() > before);
      tracker.refresh();
      assertThat(tracker.title()).isEqualTo("renamed by the test");
    }
  }

  @Test
  void aScreenThatOnlyRedrawsReportsNothing() throws Exception {
    try (FocusWatcher watcher = FocusWatcher.open(x.display(), () -> { });
        FocusTracker tracker = FocusTracker.open(x.display())) {
      tracker.refresh();
      watcher.watch(tracker.window());
      settle(watcher);
      long before = watcher.changes();
      XvfbServer.sleep(2500); // the clock's hand moves twice or more
      assertThat(watcher.changes()).isEqualTo(before);
    }
  }

  @Test
  void closeEndsTheWatcherThread() {
    FocusWatcher watcher = FocusWatcher.open(x.display(), () -> { });
    assertThat(watcher).isNotNull();
    assertThat(threadAlive()).isTrue();
    watcher.close();
    watcher.close(); // a second close does nothing
    assertThat(threadAlive()).isFalse();
  }

  @Test
  void theWatcherStopsWhenItsServerGoesAway() throws Exception {
    FocusWatcher watcher;
    try (XvfbServer other = XvfbServer.start(640, 480)) {
      watcher = FocusWatcher.open(other.display(), () -> { });
      assertThat(watcher).isNotNull();
      assertThat(threadAlive()).isTrue();
    }
    // A dead connection makes poll(2) return at once: the thread must end, not spin.
    waitFor(() -> !threadAlive());
    watcher.close();
  }

  @Test
  void noDisplayGivesNoWatcher() {
    assertThat(FocusWatcher.open(":4321", () -> { })).isNull();
  }

  private static boolean threadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("screentrail-focus-events") && t.isAlive());
  }

  /** Lets the events of the set-up (the watch moving to a window) arrive before counting. */
  private static void settle(FocusWatcher watcher) {
    long seen;
    do {
      seen = watcher.changes();
      XvfbServer.sleep(300);
    } while (watcher.changes() != seen);
  }

  private static void waitFor(BooleanSupplier condition) {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      XvfbServer.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("reported within 10 s").isTrue();
  }
}
