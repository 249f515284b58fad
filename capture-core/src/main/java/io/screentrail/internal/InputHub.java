package io.screentrail.internal;

import io.screentrail.Ticker;
import io.screentrail.input.InputSink;
import io.screentrail.input.MouseButton;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's {@link InputSink}: timestamps each event, keeps only the newest pointer position
 * (moves are sampled by the input thread, not queued), and puts every other event in a bounded
 * {@link EventRing}. Nothing here blocks or allocates.
 */
public final class InputHub implements InputSink {

  private final Ticker ticker;
  private final EventRing ring;
  /** Newest pointer position, x in the high half, y in the low half. */
  private final AtomicLong pointer = new AtomicLong();
  /** Bumped on every move, so the sampler can tell a new position from an old one. */
  private final AtomicLong pointerVersion = new AtomicLong();
  private volatile long pointerMono;
  private final AtomicLong sampledVersion = new AtomicLong();
  private int sampledX;
  private int sampledY;
  private long sampledMono;

  private final AtomicLong eventsOffered;
  private final AtomicLong eventsDropped;
  private final AtomicLong movesReceived;
  private final AtomicLong movesCoalesced;
  private final LatencyHistogram offerTime;
  /** The input thread while it sleeps long after an idle spell; null while it polls. */
  private volatile Thread sleeper;

  public InputHub(Ticker ticker, int capacity, EngineCounters counters) {
    this.ticker = ticker;
    this.ring = new EventRing(capacity);
    this.eventsOffered = counters.inputEvents;
    this.eventsDropped = counters.inputEventsDropped;
    this.movesReceived = counters.pointerMoves;
    this.movesCoalesced = counters.pointerMovesCoalesced;
    this.offerTime = counters.inputOfferTime;
  }

  /** The queue the input thread drains. */
  public EventRing ring() {
    return ring;
  }

  @Override
  public int pointerMoved(int x, int y) {
    movesReceived.incrementAndGet();
    pointer.set(((long) x << 32) | (y & 0xFFFFFFFFL));
    pointerMono = ticker.nanoTime();
    long v = pointerVersion.incrementAndGet();
    wakeSleeper();
    if (v - sampledVersion.get() > 1) {
      movesCoalesced.incrementAndGet();
      return COALESCED;
    }
    return OFFERED;
  }

  /**
   * Takes the newest pointer position if it changed since the last call: returns its version, or
   * -1 when there is nothing new. Read the position with {@link #sampledX()} and {@link
   * #sampledY()} afterwards. Input thread only.
   */
  /**
   * Whether a pointer move arrived since the last {@link #samplePointer()}; input thread only,
   * to check once more before it sleeps.
   */
  public boolean pointerPending() {
    return pointerVersion.get() != sampledVersion.get();
  }

  /**
   * Names the input thread as sleeping (or, with null, as polling again): while it sleeps, each
   * event unparks it. Unparking never blocks the hook, and it costs the hook nothing while the
   * input thread polls.
   */
  public void sleeper(Thread inputThread) {
    sleeper = inputThread;
  }

  private void wakeSleeper() {
    Thread t = sleeper;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  public long samplePointer() {
    long v = pointerVersion.get();
    if (v == sampledVersion.get()) {
      return -1;
    }
    sampledVersion.set(v);
    long p = pointer.get();
    sampledX = (int) (p >> 32);
    sampledY = (int) p;
    sampledMono = pointerMono;
    return v;
  }

  public int sampledX() {
    return sampledX;
  }

  public int sampledY() {
    return sampledY;
  }

  public long sampledMono() {
    return sampledMono;
  }

  @Override
  public int buttonPressed(MouseButton button, int x, int y) {
    return offer(EventRing.BUTTON_DOWN, button.ordinal(), x, y, 0, 0, null, 0, 0);
  }

  @Override
  public int buttonReleased(MouseButton button, int x, int y) {
    return offer(EventRing.BUTTON_UP, button.ordinal(), x, y, 0, 0, null, 0, 0);
  }

  @Override
  public int wheel(int dx, int dy, int x, int y) {
    return offer(EventRing.WHEEL, 0, x, y, dx, dy, null, 0, 0);
  }

  @Override
  public int keyPressed(String key, int modifiers) {
    return offer(EventRing.KEY_DOWN, 0, 0, 0, 0, 0, key, 0, modifiers);
  }

  @Override
  public int keyTyped(int codePoint) {
    return offer(EventRing.KEY_TYPED, 0, 0, 0, 0, 0, null, codePoint, 0);
  }

  @Override
  public int keyReleased(String key, int modifiers) {
    return offer(EventRing.KEY_UP, 0, 0, 0, 0, 0, key, 0, modifiers);
  }

  private int offer(int kind, int button, int x, int y, int dx, int dy, String key,
      int codePoint, int modifiers) {
    long t0 = System.nanoTime();
    long ticket = ring.claim();
    if (ticket < 0) {
      eventsDropped.incrementAndGet();
      return DROPPED;
    }
    EventRing.Slot s = ring.slot(ticket);
    s.kind = kind;
    s.button = button;
    s.x = x;
    s.y = y;
    s.dx = dx;
    s.dy = dy;
    s.key = key;
    s.codePoint = codePoint;
    s.modifiers = modifiers;
    s.monoNanos = ticker.nanoTime();
    s.wallMillis = ticker.wallMillis();
    ring.publish(ticket);
    wakeSleeper();
    eventsOffered.incrementAndGet();
    offerTime.record(System.nanoTime() - t0);
    return OFFERED;
  }
}
