package io.screentrail.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.internal.EventRing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recognizer's timing and geometry rules, with events fed by hand. */
class ActionRecognizerTest {

  private final List<Action> actions = new ArrayList<>();
  private ActionRecognizer r;
  private long now;

  @BeforeEach
  void setUp() {
    r = new ActionRecognizer(actions::add, (m, w) -> { }, 400, 500, 300, 5);
    now = 1_000_000_000L;
  }

  private void at(long millis) {
    now += millis * 1_000_000L;
  }

  private EventRing.Slot ev(int kind) {
    EventRing.Slot e = new EventRing.Slot();
    e.kind = kind;
    e.monoNanos = now;
    e.wallMillis = now / 1_000_000L;
    return e;
  }

  private void press(MouseButton b, int x, int y) {
    EventRing.Slot e = ev(EventRing.BUTTON_DOWN);
    e.button = b.ordinal();
    e.x = x;
    e.y = y;
    r.onEvent(e);
  }

  private void release(MouseButton b, int x, int y) {
    EventRing.Slot e = ev(EventRing.BUTTON_UP);
    e.button = b.ordinal();
    e.x = x;
    e.y = y;
    r.onEvent(e);
  }

  private void key(String name, int mods) {
    EventRing.Slot e = ev(EventRing.KEY_DOWN);
    e.key = name;
    e.modifiers = mods;
    r.onEvent(e);
    EventRing.Slot up = ev(EventRing.KEY_UP);
    up.key = name;
    r.onEvent(up);
  }

  private void type(String text) {
    for (char c : text.toCharArray()) {
      EventRing.Slot d = ev(EventRing.KEY_DOWN);
      d.key = String.valueOf(Character.toLowerCase(c));
      r.onEvent(d);
      EventRing.Slot t = ev(EventRing.KEY_TYPED);
      t.codePoint = c;
      r.onEvent(t);
      at(60);
    }
  }

  private void wheel(int dy) {
    EventRing.Slot e = ev(EventRing.WHEEL);
    e.dy = dy;
    e.x = 300;
    e.y = 200;
    r.onEvent(e);
  }

  @Test
  void aClickIsReportedOnceTheDoubleClickTimeHasPassed() {
    press(MouseButton.LEFT, 100, 50);
    at(80);
    release(MouseButton.LEFT, 101, 50);
    r.tick(now);
    assertThat(actions).isEmpty();
    at(400);
    r.tick(now);
    assertThat(actions).singleElement().satisfies(a -> {
      assertThat(a.type()).isEqualTo(ActionType.CLICK);
      assertThat(a.x()).isEqualTo(100);
      assertThat(a.button()).isEqualTo(MouseButton.LEFT);
      assertThat(a.endMonoNanos() - a.startMonoNanos()).isEqualTo(80_000_000L);
    });
  }

  @Test
  void twoAndThreeQuickClicksAreDoubleAndTripleClicks() {
    for (int i = 0; i < 2; i++) {
      press(MouseButton.LEFT, 100, 50);
      at(50);
      release(MouseButton.LEFT, 100, 50);
      at(100);
    }
    at(400);
    r.tick(now);
    for (int i = 0; i < 3; i++) {
      press(MouseButton.LEFT, 10, 10);
      at(50);
      release(MouseButton.LEFT, 10, 10);
      at(100);
    }
    assertThat(actions).extracting(Action::type)
        .containsExactly(ActionType.DOUBLE_CLICK, ActionType.TRIPLE_CLICK);
    assertThat(actions.get(1).clickCount()).isEqualTo(3);
  }

  @Test
  void clicksFarApartOrSlowAreSeparate() {
    press(MouseButton.LEFT, 100, 50);
    release(MouseButton.LEFT, 100, 50);
    at(100);
    press(MouseButton.LEFT, 300, 50);
    release(MouseButton.LEFT, 300, 50);
    at(500);
    r.tick(now);
    assertThat(actions).extracting(Action::type)
        .containsExactly(ActionType.CLICK, ActionType.CLICK);
  }

  @Test
  void rightAndMiddleClicksAreImmediate() {
    press(MouseButton.RIGHT, 5, 5);
    release(MouseButton.RIGHT, 5, 5);
    press(MouseButton.MIDDLE, 5, 5);
    release(MouseButton.MIDDLE, 5, 5);
    assertThat(actions).extracting(Action::type)
        .containsExactly(ActionType.RIGHT_CLICK, ActionType.MIDDLE_CLICK);
  }

  @Test
  void aPressThatMovesIsADragWithItsPath() {
    press(MouseButton.LEFT, 100, 100);
    for (int i = 1; i <= 200; i++) {
      at(5);
      r.onPointer(100 + i, 100 + i / 2, now);
    }
    release(MouseButton.LEFT, 300, 200);
    assertThat(actions).singleElement().satisfies(a -> {
      assertThat(a.type()).isEqualTo(ActionType.DRAG);
      assertThat(a.x()).isEqualTo(100);
      assertThat(a.endX()).isEqualTo(300);
      assertThat(a.endY()).isEqualTo(200);
      assertThat(a.path().length / 3).isBetween(16, 64);
      assertThat(a.path()[0]).isEqualTo(100);
      assertThat(a.path()[a.path().length - 3]).isEqualTo(300);
      assertThat(a.path()[a.path().length - 1]).isEqualTo(1000);
    });
  }

  @Test
  void typingMakesOneRunEndedByAPauseWithBackspaceApplied() {
    type("helo");
    key("backspace", 0);
    type("lo wrld"); // the last key was 60 ms ago
    at(439);
    r.tick(now);
    assertThat(actions).isEmpty();
    at(1);
    r.tick(now);
    assertThat(actions).singleElement().satisfies(a -> {
      assertThat(a.type()).isEqualTo(ActionType.TYPE);
      assertThat(a.text()).isEqualTo("hello wrld");
    });
  }

  @Test
  void enterEndsTheRunAndIsAKeyHotkeysKeepTheirModifiers() {
    type("ls");
    key("enter", 0);
    key("ctrl", 0); // the modifier alone is not an action
    EventRing.Slot down = ev(EventRing.KEY_DOWN);
    down.key = "ctrl";
    r.onEvent(down);
    EventRing.Slot l = ev(EventRing.KEY_DOWN);
    l.key = "l";
    r.onEvent(l);
    EventRing.Slot typed = ev(EventRing.KEY_TYPED);
    typed.codePoint = 0x0c; // the control character that ctrl+l produces
    r.onEvent(typed);
    EventRing.Slot up = ev(EventRing.KEY_UP);
    up.key = "ctrl";
    r.onEvent(up);
    key("tab", Modifiers.SHIFT);
    assertThat(actions).extracting(Action::type)
        .containsExactly(ActionType.TYPE, ActionType.KEY, ActionType.HOTKEY, ActionType.KEY);
    assertThat(actions.get(0).text()).isEqualTo("ls");
    assertThat(actions.get(1).keys()).containsExactly("enter");
    assertThat(actions.get(2).keys()).containsExactly("ctrl", "l");
    assertThat(actions.get(3).keys()).containsExactly("shift", "tab");
  }

  @Test
  void scrollNotchesAddUpUntilTheWheelRests() {
    wheel(1);
    at(50);
    wheel(1);
    at(50);
    wheel(2);
    at(299);
    r.tick(now);
    assertThat(actions).isEmpty();
    at(1);
    r.tick(now);
    wheel(-1);
    r.flushAll();
    assertThat(actions).extracting(Action::scrollY).containsExactly(4, -1);
    assertThat(actions).extracting(Action::type).containsOnly(ActionType.SCROLL);
  }

  @Test
  void anotherKindOfActionEndsTheOneInProgress() {
    type("abc");
    press(MouseButton.LEFT, 1, 1);
    release(MouseButton.LEFT, 1, 1);
    wheel(3);
    key("escape", 0);
    assertThat(actions).extracting(Action::type).containsExactly(ActionType.TYPE,
        ActionType.CLICK, ActionType.SCROLL, ActionType.KEY);
  }

  @Test
  void focusChangesAreActionsAndLabelTheActionsAfterThem() {
    r.focusChanged("XTerm", "bash", now, 0);
    type("x");
    r.flushAll();
    assertThat(actions).extracting(Action::type)
        .containsExactly(ActionType.FOCUS, ActionType.TYPE);
    assertThat(actions.get(1).app()).isEqualTo("XTerm");
    assertThat(actions.get(1).title()).isEqualTo("bash");
    assertThat(actions).extracting(Action::id).containsExactly(0L, 1L);
  }

  /** The input thread sleeps until this deadline: each pending gesture must bound it. */
  @Test
  void nextDeadlineIsTheEarliestPendingGestureEndAndNoneWhenIdle() {
    assertThat(r.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    type("ab");
    long lastKey = now - 60_000_000L;
    assertThat(r.nextDeadline()).isEqualTo(lastKey + 500_000_000L); // typing pause 500 ms
    press(MouseButton.LEFT, 10, 10); // ends the typing run; the click waits for a second one
    release(MouseButton.LEFT, 10, 10);
    assertThat(actions).hasSize(1);
    assertThat(r.nextDeadline()).isEqualTo(now + 400_000_000L); // multi-click 400 ms
    at(100);
    wheel(1); // ends the click; the scroll waits for its end
    assertThat(r.nextDeadline()).isEqualTo(now + 300_000_000L); // scroll end 300 ms
    r.tick(r.nextDeadline());
    assertThat(r.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    assertThat(actions).extracting(Action::type)
        .containsExactly(ActionType.TYPE, ActionType.CLICK, ActionType.SCROLL);
  }
}
