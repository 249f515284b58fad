package io.screentrail.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.XvfbServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 events in 10 s through the public API: memory stays bounded, no click or key is lost,
 * and the pointer moves that were coalesced are counted.
 */
class InputStormTest {

  @TempDir Path tmp;

  @Test
  void aStormOfEventsLosesNoClickOrKeyAndCountsCoalescedMoves() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Map<String, Long> sent = new HashMap<>();
    long heapBefore;
    long heapPeak = 0;
    CaptureStats stats;
    Path dir = tmp.resolve("storm");
    try (XvfbServer x = XvfbServer.start(640, 480);
        CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir).redaction(io.screentrail.RedactionMode.OFF)
            .display(x.display()).fps(2).build()) {
      engine.start();
      InputSink in = engine.input();
      System.gc();
      heapBefore = memory.getHeapMemoryUsage().getUsed();
      long start = System.nanoTime();
      int total = 100_000;
      for (int i = 0; i < total; i++) {
        // Pace the storm to 10 s, in bursts of 100 events.
        if (i % 100 == 0) {
          long due = start + i * 100_000L;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          if (i % 10_000 == 0) {
            heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed());
          }
        }
        int k = i % 20;
        int pos = i % 600;
        if (k < 14) {
          in.pointerMoved(pos, pos / 2);
        } else if (k == 14) {
          count(sent, "button_down", in.buttonPressed(MouseButton.LEFT, pos, pos / 2));
        } else if (k == 15) {
          count(sent, "button_up", in.buttonReleased(MouseButton.LEFT, pos, pos / 2));
        } else if (k == 16) {
          count(sent, "key_down", in.keyPressed("a", 0));
        } else if (k == 17) {
          count(sent, "key_typed", in.keyTyped('a'));
        } else if (k == 18) {
          count(sent, "key_up", in.keyReleased("a", 0));
        } else {
          count(sent, "wheel", in.wheel(0, 1, pos, pos / 2));
        }
      }
      Thread.sleep(1500);
      heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed());
      engine.close();
      stats = engine.stats();
    }
    assertThat(sent).doesNotContainKey("dropped");
    assertThat(stats.inputEventsDropped()).isZero();
    assertThat(stats.pointerMoves()).isEqualTo(70_000);
    assertThat(stats.pointerMovesCoalesced()).isPositive().isLessThan(70_000);
    assertThat(stats.inputEvents()).isEqualTo(30_000);
    // Bounded: fixed rings and queues; 100k events must not pile up in the heap.
    assertThat(heapPeak - heapBefore).isLessThan(256L * 1024 * 1024);

    Map<String, Long> written = new HashMap<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      reader.scan(r -> {
        if (r.type().equals("event")) {
          written.merge(r.body().getString("kind"), 1L, Long::sum);
        }
      });
      assertThat(reader.check().ok()).isTrue();
    }
    for (String kind : new String[] {"button_down", "button_up", "key_down", "key_typed",
        "key_up", "wheel"}) {
      assertThat(written.get(kind)).as(kind).isEqualTo(sent.get(kind));
    }
    System.out.printf("storm: %d moves, %d coalesced, %d events, offer p99 %d ns, max %d ns%n",
        stats.pointerMoves(), stats.pointerMovesCoalesced(), stats.inputEvents(),
        stats.inputOfferTime().p99Nanos(), stats.inputOfferTime().maxNanos());
  }

  private static void count(Map<String, Long> sent, String kind, int status) {
    sent.merge(status == InputSink.OFFERED ? kind : "dropped", 1L, Long::sum);
  }
}
