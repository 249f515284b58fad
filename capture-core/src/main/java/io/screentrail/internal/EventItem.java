package io.screentrail.internal;

/** A raw input event on its way to the timeline (input thread to encoder thread). */
public final class EventItem {

  /** A sampled pointer position; the other kinds are {@link EventRing}'s. */
  public static final int MOVE = 0;

  public final EventRing.Slot event = new EventRing.Slot();

  /** A key event typed as part of a secret: stored without its character or printable key. */
  public boolean masked;

  /** A copy of {@code from}. */
  public static EventItem of(EventRing.Slot from) {
    EventItem item = new EventItem();
    item.event.copyFrom(from);
    return item;
  }

  /** A sampled pointer position. */
  public static EventItem move(int x, int y, long monoNanos, long wallMillis) {
    EventItem item = new EventItem();
    item.event.kind = MOVE;
    item.event.x = x;
    item.event.y = y;
    item.event.monoNanos = monoNanos;
    item.event.wallMillis = wallMillis;
    return item;
  }
}
