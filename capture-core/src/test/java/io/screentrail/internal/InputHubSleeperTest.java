package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.Ticker;
import io.screentrail.input.MouseButton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After an idle spell the input thread parks for long stretches and relies on the hook to wake
 * it: an event or a pointer move must unpark it, or input would wait out the park (here the
 * test parks with no timeout at all, so a missing wake-up fails it by timing out).
 */
class InputHubSleeperTest {

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void anEventWakesTheSleepingInputThread() throws Exception {
    InputHub hub = new InputHub(Ticker.system(), 64, new EngineCounters());
    hub.sleeper(Thread.currentThread());
    Thread hook = new Thread(() -> hub.keyPressed("a", 0), "hook");
    hook.start();
    while (hub.ring().size() == 0) {
      LockSupport.park(this); // no timeout: only the hook's unpark ends it
    }
    hook.join();
    hub.sleeper(null);
    EventRing.Slot e = new EventRing.Slot();
    assertThat(hub.ring().poll(e)).isTrue();
    assertThat(e.kind).isEqualTo(EventRing.KEY_DOWN);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aPointerMoveWakesTheSleepingInputThread() throws Exception {
    InputHub hub = new InputHub(Ticker.system(), 64, new EngineCounters());
    hub.sleeper(Thread.currentThread());
    Thread hook = new Thread(() -> hub.pointerMoved(12, 34), "hook");
    hook.start();
    while (!hub.pointerPending()) {
      LockSupport.park(this);
    }
    hook.join();
    assertThat(hub.samplePointer()).isPositive();
    assertThat(hub.sampledX()).isEqualTo(12);
    assertThat(hub.sampledY()).isEqualTo(34);
    assertThat(hub.pointerPending()).isFalse();
  }

  @Test
  void aButtonOfferedWithoutASleeperIsQueuedAsBefore() {
    InputHub hub = new InputHub(Ticker.system(), 64, new EngineCounters());
    assertThat(hub.buttonPressed(MouseButton.LEFT, 1, 2)).isEqualTo(InputHub.OFFERED);
    assertThat(hub.ring().size()).isEqualTo(1);
  }
}
