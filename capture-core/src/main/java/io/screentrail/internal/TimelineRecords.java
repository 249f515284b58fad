package io.screentrail.internal;

import io.screentrail.input.Action;
import io.screentrail.input.ActionRecognizer;
import io.screentrail.input.Modifiers;
import io.screentrail.input.MouseButton;
import io.screentrail.internal.json.JsonWriter;
import io.screentrail.session.SessionWriter;
import java.io.IOException;

/**
 * Writes input event and action records to the timeline, on the encoder thread (the only thread
 * that appends to the session). Reuses one JSON buffer.
 */
public final class TimelineRecords {

  private final SessionWriter writer;
  private final JsonWriter json = new JsonWriter(2048);
  private final long startNanos;
  private final int originX;
  private final int originY;

  /**
   * @param startNanos the session's time zero
   * @param originX desktop x of the captured area, to state frame coordinates beside desktop ones
   * @param originY desktop y of the captured area
   */
  public TimelineRecords(SessionWriter writer, long startNanos, int originX, int originY) {
    this.writer = writer;
    this.startNanos = startNanos;
    this.originX = originX;
    this.originY = originY;
  }

  /** Appends one raw input event. */
  public void writeEvent(EventItem item) throws IOException {
    EventRing.Slot e = item.event;
    json.reset().beginObject().field("type", "event");
    switch (e.kind) {
      case EventItem.MOVE -> json.field("kind", "move").field("x", (long) e.x).field("y", (long) e.y);
      case EventRing.BUTTON_DOWN, EventRing.BUTTON_UP -> json
          .field("kind", e.kind == EventRing.BUTTON_DOWN ? "button_down" : "button_up")
          .field("button", MouseButton.values()[e.button].id())
          .field("x", (long) e.x).field("y", (long) e.y);
      case EventRing.WHEEL -> json.field("kind", "wheel").field("dx", (long) e.dx)
          .field("dy", (long) e.dy).field("x", (long) e.x).field("y", (long) e.y);
      case EventRing.KEY_DOWN, EventRing.KEY_UP -> {
        json.field("kind", e.kind == EventRing.KEY_DOWN ? "key_down" : "key_up");
        if (item.masked && !ActionRecognizer.isSpecialKey(e.key)) {
          json.field("masked", true); // a printable key of a secret: which key is not stored
        } else {
          json.field("key", e.key);
        }
        modifiers(e.modifiers);
      }
      case EventRing.KEY_TYPED -> {
        json.field("kind", "key_typed");
        if (item.masked) {
          json.field("masked", true);
        } else {
          json.field("char", new String(Character.toChars(e.codePoint)));
        }
      }
      default -> json.field("kind", "unknown");
    }
    json.field("mono", e.monoNanos - startNanos).field("wall", e.wallMillis).endObject();
    writer.appendRecord(json);
  }

  private void modifiers(int m) {
    if (m == 0) {
      return;
    }
    json.name("modifiers").beginArray();
    for (String name : new String[] {"ctrl", "alt", "shift", "meta"}) {
      if ((m & Modifiers.bitOf(name)) != 0) {
        json.value(name);
      }
    }
    json.endArray();
  }

  /** Appends a pause or resume marker. */
  public void writePause(PauseControl.Marker m) throws IOException {
    json.reset().beginObject()
        .field("type", m.paused() ? "pause" : "resume")
        .field("mono", m.monoNanos() - startNanos)
        .field("wall", m.wallMillis())
        .field("reason", m.reason())
        .endObject();
    writer.appendRecord(json);
  }

  /** Appends a completed action with its before and after frames. */
  public void writeAction(PendingAction p) throws IOException {
    Action a = p.action;
    json.reset().beginObject()
        .field("type", "action")
        .field("id", a.id())
        .field("action", a.type().id())
        .field("mono", a.startMonoNanos() - startNanos)
        .field("endMono", a.endMonoNanos() - startNanos)
        .field("wall", a.startWallMillis())
        .field("x", (long) a.x())
        .field("y", (long) a.y())
        .field("frameX", (long) (a.x() - originX))
        .field("frameY", (long) (a.y() - originY));
    if (a.button() != null) {
      json.field("button", a.button().id());
    }
    if (a.clickCount() > 0) {
      json.field("count", (long) a.clickCount());
    }
    switch (a.type()) {
      case DRAG -> {
        json.field("endX", (long) a.endX()).field("endY", (long) a.endY());
        json.name("path").beginArray();
        int[] path = a.path();
        for (int i = 0; i + 2 < path.length; i += 3) {
          json.beginArray().value(path[i]).value(path[i + 1]).value(path[i + 2]).endArray();
        }
        json.endArray();
      }
      case SCROLL -> json.field("scrollX", (long) a.scrollX()).field("scrollY", (long) a.scrollY());
      case TYPE -> {
        if (a.masked()) {
          json.field("masked", true).field("length", (long) a.maskedLength());
        } else {
          json.field("text", a.text());
        }
      }
      default -> { }
    }
    if (a.keys() != null) {
      json.name("keys").beginArray();
      for (String k : a.keys()) {
        json.value(k);
      }
      json.endArray();
    }
    json.field("app", a.app()).field("title", a.title());
    json.name("before").beginObject();
    if (p.beforeCapture >= 0) {
      json.field("capture", p.beforeCapture).field("mono", p.beforeMono - startNanos)
          .field("ageMs", (a.startMonoNanos() - p.beforeMono) / 1_000_000L);
    }
    json.endObject();
    json.name("after").beginObject();
    if (p.afterCapture >= 0) {
      json.field("capture", p.afterCapture).field("mono", p.afterMono - startNanos)
          .field("settleMs", p.sawChange
              ? Math.max(0, (p.lastChangeMono - a.endMonoNanos()) / 1_000_000L) : 0L);
    }
    json.field("settled", p.settled).field("reason", p.endReason).endObject();
    json.endObject();
    writer.appendRecord(json);
  }
}
