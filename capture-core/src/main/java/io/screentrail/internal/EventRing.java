package io.screentrail.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded multi-producer, single-consumer queue of pre-allocated input event slots (the
 * sequence-per-slot design of Vyukov's bounded queue, as in JCTools). Producers claim a slot with
 * one CAS, fill its primitive fields and publish it; a full ring refuses the event at once, so an
 * input hook never waits and nothing is allocated per event.
 *
 * <p>Producers: any thread (the OS hook callback, an embedding agent). Consumer: the engine's
 * input thread only.
 */
public final class EventRing {

  /** Event kinds stored in {@link Slot#kind}. */
  public static final int BUTTON_DOWN = 1;

  public static final int BUTTON_UP = 2;
  public static final int WHEEL = 3;
  public static final int KEY_DOWN = 4;
  public static final int KEY_UP = 5;
  public static final int KEY_TYPED = 6;

  /** One event's fields; which are meaningful depends on {@link #kind}. */
  public static final class Slot {
    public int kind;
    public int x;
    public int y;
    public int button;
    public int dx;
    public int dy;
    public int codePoint;
    public int modifiers;
    public String key;
    public long monoNanos;
    public long wallMillis;

    /** Copies every field of {@code o}. */
    public void copyFrom(Slot o) {
      kind = o.kind;
      x = o.x;
      y = o.y;
      button = o.button;
      dx = o.dx;
      dy = o.dy;
      codePoint = o.codePoint;
      modifiers = o.modifiers;
      key = o.key;
      monoNanos = o.monoNanos;
      wallMillis = o.wallMillis;
    }
  }

  private final int mask;
  private final Slot[] slots;
  private final AtomicLongArray sequences;
  private final AtomicLong tail = new AtomicLong();
  private long head; // consumer only

  /** A ring of {@code capacity} slots, rounded up to a power of two. */
  public EventRing(int capacity) {
    int c = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    mask = c - 1;
    slots = new Slot[c];
    sequences = new AtomicLongArray(c);
    for (int i = 0; i < c; i++) {
      slots[i] = new Slot();
      sequences.set(i, i);
    }
  }

  /** Slots in the ring. */
  public int capacity() {
    return slots.length;
  }

  /**
   * Claims a slot for writing; the caller fills it and must then call {@link #publish(long)} with
   * the returned ticket. Returns -1 when the ring is full.
   */
  public long claim() {
    while (true) {
      long pos = tail.get();
      int i = (int) (pos & mask);
      long seq = sequences.get(i);
      long dif = seq - pos;
      if (dif == 0) {
        if (tail.compareAndSet(pos, pos + 1)) {
          return pos;
        }
      } else if (dif < 0) {
        return -1;
      }
      Thread.onSpinWait();
    }
  }

  /** The slot of a claimed ticket. */
  public Slot slot(long ticket) {
    return slots[(int) (ticket & mask)];
  }

  /** Makes a claimed, filled slot visible to the consumer. */
  public void publish(long ticket) {
    sequences.lazySet((int) (ticket & mask), ticket + 1);
  }

  /** Copies the oldest event into {@code into} and frees its slot; false when empty. */
  public boolean poll(Slot into) {
    int i = (int) (head & mask);
    if (sequences.get(i) != head + 1) {
      return false;
    }
    into.copyFrom(slots[i]);
    slots[i].key = null;
    sequences.lazySet(i, head + slots.length);
    head++;
    return true;
  }

  /** Events waiting, approximately (for stats). */
  public int size() {
    return (int) Math.max(0, tail.get() - head);
  }
}
