package io.screentrail.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.internal.EventRing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Masked runs of typing: length after backspaces and timing leave the recognizer, no text. */
class MaskedTypingTest {

  private final List<Action> actions = new ArrayList<>();
  private final ActionRecognizer r =
      new ActionRecognizer(actions::add, (m, w) -> { }, 400, 500, 300, 5);
  private long now = 1_000_000_000L;

  private void typed(char c, boolean masked) {
    EventRing.Slot d = new EventRing.Slot();
    d.kind = EventRing.KEY_DOWN;
    d.key = String.valueOf(c);
    d.monoNanos = now;
    r.onEvent(d);
    if (masked) {
      r.maskNextTyped();
    }
    EventRing.Slot t = new EventRing.Slot();
    t.kind = EventRing.KEY_TYPED;
    t.codePoint = c;
    t.monoNanos = now;
    r.onEvent(t);
    now += 50_000_000L;
  }

  private void backspace() {
    EventRing.Slot d = new EventRing.Slot();
    d.kind = EventRing.KEY_DOWN;
    d.key = "backspace";
    d.monoNanos = now;
    r.onEvent(d);
    now += 50_000_000L;
  }

  @Test
  void aMaskedRunKeepsItsLengthAndTimingOnly() {
    long start = now;
    for (char c : "secrets".toCharArray()) {
      typed(c, true);
    }
    backspace();
    r.tick(now + 600_000_000L);
    assertThat(actions).hasSize(1);
    Action a = actions.get(0);
    assertThat(a.type()).isEqualTo(ActionType.TYPE);
    assertThat(a.masked()).isTrue();
    assertThat(a.text()).isNull();
    assertThat(a.maskedLength()).isEqualTo(6);
    assertThat(a.startMonoNanos()).isEqualTo(start);
    assertThat(a.endMonoNanos()).isGreaterThan(start);
  }

  @Test
  void oneMaskedCharacterMasksItsWholeRunAndTheNextRunIsPlainAgain() {
    typed('a', false);
    typed('b', true);
    typed('c', false);
    r.tick(now + 600_000_000L);
    typed('d', false);
    r.flushAll();
    assertThat(actions).extracting(Action::masked).containsExactly(true, false);
    assertThat(actions.get(0).maskedLength()).isEqualTo(3);
    assertThat(actions.get(1).text()).isEqualTo("d");
  }

  @Test
  void specialKeysAndModifiersAreNotPrintable() {
    assertThat(ActionRecognizer.isSpecialKey("enter")).isTrue();
    assertThat(ActionRecognizer.isSpecialKey("ctrl")).isTrue();
    assertThat(ActionRecognizer.isSpecialKey("backspace")).isTrue();
    assertThat(ActionRecognizer.isSpecialKey("a")).isFalse();
    assertThat(ActionRecognizer.isSpecialKey("space")).isFalse();
  }
}
