package io.screentrail.internal.json;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes one JSON value as UTF-8 into an internal growable {@code byte[]}, meant to be kept per
 * thread and {@link #reset() reset} for each record, so that the steady state allocates nothing:
 * integers are written digit by digit and strings are encoded to UTF-8 without an intermediate
 * {@code byte[]}. Only {@link #value(double)} allocates (through {@link Double#toString(double)}).
 *
 * <p>Commas, and with an indent newlines, are inserted automatically. Misuse (a value inside an
 * object without a {@link #name(String) name}, unbalanced ends, a second top-level value, nesting
 * deeper than {@value #MAX_DEPTH}) throws {@link IllegalStateException} and leaves the writer in an
 * undefined state until the next {@link #reset()}.
 *
 * <pre>{@code
 * w.reset();
 * w.beginObject().field("t", nanos).field("kind", "key").name("mods").beginArray();
 * ...
 * w.endArray().endObject();
 * channel.write(ByteBuffer.wrap(w.bytes(), 0, w.length()));
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class JsonWriter {

  /** Deepest nesting of objects and arrays accepted, the same limit {@link Json} parses. */
  public static final int MAX_DEPTH = 64;

  // Per-level state, the same scheme as Gson's JsonScope: what the next token must be preceded by.
  private static final byte EMPTY_DOCUMENT = 0;
  private static final byte NONEMPTY_DOCUMENT = 1;
  private static final byte EMPTY_OBJECT = 2;
  private static final byte NONEMPTY_OBJECT = 3;
  private static final byte DANGLING_NAME = 4;
  private static final byte EMPTY_ARRAY = 5;
  private static final byte NONEMPTY_ARRAY = 6;

  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  // -Long.MIN_VALUE does not fit in a long, so its digits cannot be produced by negation.
  private static final byte[] LONG_MIN =
      Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  private final byte[] stack = new byte[MAX_DEPTH + 1];
  private final int indent;
  private byte[] buf;
  private int count;
  private int depth;

  /** A compact writer with a 256-byte initial buffer. */
  public JsonWriter() {
    this(256, 0);
  }

  /**
   * A compact writer.
   *
   * @param initialCapacity initial buffer size in bytes; the buffer doubles when full
   */
  public JsonWriter(int initialCapacity) {
    this(initialCapacity, 0);
  }

  /**
   * A writer that puts every member and element on its own line when {@code indent > 0}.
   *
   * @param initialCapacity initial buffer size in bytes; the buffer doubles when full
   * @param indent spaces per nesting level, 0 for compact output
   */
  public JsonWriter(int initialCapacity, int indent) {
    if (initialCapacity < 1) {
      throw new IllegalArgumentException("initialCapacity must be > 0, was " + initialCapacity);
    }
    if (indent < 0 || indent > 16) {
      throw new IllegalArgumentException("indent must be in [0, 16], was " + indent);
    }
    this.buf = new byte[initialCapacity];
    this.indent = indent;
  }

  /** Discards the output and the nesting state, keeping the buffer for reuse. */
  public JsonWriter reset() {
    count = 0;
    depth = 0;
    stack[0] = EMPTY_DOCUMENT;
    return this;
  }

  /** Starts an object as the next value. */
  public JsonWriter beginObject() {
    return open(EMPTY_OBJECT, (byte) '{');
  }

  /** Closes the innermost object. */
  public JsonWriter endObject() {
    return close(EMPTY_OBJECT, NONEMPTY_OBJECT, (byte) '}');
  }

  /** Starts an array as the next value. */
  public JsonWriter beginArray() {
    return open(EMPTY_ARRAY, (byte) '[');
  }

  /** Closes the innermost array. */
  public JsonWriter endArray() {
    return close(EMPTY_ARRAY, NONEMPTY_ARRAY, (byte) ']');
  }

  /** Writes the name of the next member of the innermost object. */
  public JsonWriter name(String name) {
    Objects.requireNonNull(name, "name");
    byte state = stack[depth];
    if (state == NONEMPTY_OBJECT) {
      ensure(1);
      buf[count++] = ',';
    } else if (state != EMPTY_OBJECT) {
      throw new IllegalStateException(
          state == DANGLING_NAME
              ? "name() after name(), expected a value"
              : "name() is only valid directly inside an object");
    }
    newline();
    stack[depth] = DANGLING_NAME;
    writeString(name);
    ensure(2);
    buf[count++] = ':';
    if (indent > 0) {
      buf[count++] = ' ';
    }
    return this;
  }

  /** Writes an integer without allocating. */
  public JsonWriter value(long v) {
    beforeValue();
    writeLong(v);
    return this;
  }

  /** Writes an integer without allocating. */
  public JsonWriter value(int v) {
    return value((long) v);
  }

  /**
   * Writes a finite double in {@link Double#toString(double)} form, which always has a fraction or
   * an exponent, so it parses back as a {@link Double} with the same value.
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot represent
   */
  public JsonWriter value(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("JSON numbers must be finite, was " + v);
    }
    beforeValue();
    String s = Double.toString(v);
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[count++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean v) {
    beforeValue();
    writeRaw(v ? TRUE : FALSE);
    return this;
  }

  /** Writes a string, or {@code null} when {@code v} is null. */
  public JsonWriter value(String v) {
    if (v == null) {
      return nullValue();
    }
    beforeValue();
    writeString(v);
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    beforeValue();
    writeRaw(NULL);
    return this;
  }

  /** Shorthand for {@code name(name).value(v)}. */
  public JsonWriter field(String name, long v) {
    return name(name).value(v);
  }

  /** Shorthand for {@code name(name).value(v)}. */
  public JsonWriter field(String name, double v) {
    return name(name).value(v);
  }

  /** Shorthand for {@code name(name).value(v)}. */
  public JsonWriter field(String name, boolean v) {
    return name(name).value(v);
  }

  /** Shorthand for {@code name(name).value(v)}; a null {@code v} writes {@code null}. */
  public JsonWriter field(String name, String v) {
    return name(name).value(v);
  }

  /** Bytes written since the last {@link #reset()}. */
  public int length() {
    return count;
  }

  /**
   * The backing array, valid from 0 to {@link #length()}. Not a copy: it changes with the next
   * write and is replaced when the buffer grows.
   */
  public byte[] bytes() {
    return buf;
  }

  /**
   * Copies the output into {@code dst} at its position, advancing it.
   *
   * @throws java.nio.BufferOverflowException if {@code dst} has fewer than {@link #length()} bytes
   *     remaining; nothing is copied then
   */
  public void writeTo(ByteBuffer dst) {
    dst.put(buf, 0, count);
  }

  /** The output so far, decoded; allocates, so keep it off hot paths. */
  @Override
  public String toString() {
    return new String(buf, 0, count, StandardCharsets.UTF_8);
  }

  private JsonWriter open(byte emptyState, byte bracket) {
    if (depth == MAX_DEPTH) {
      throw new IllegalStateException("nesting deeper than " + MAX_DEPTH + " levels");
    }
    beforeValue();
    ensure(1);
    buf[count++] = bracket;
    stack[++depth] = emptyState;
    return this;
  }

  private JsonWriter close(byte emptyState, byte nonEmptyState, byte bracket) {
    byte state = stack[depth];
    if (depth == 0 || (state != emptyState && state != nonEmptyState)) {
      throw new IllegalStateException(
          (bracket == '}' ? "endObject()" : "endArray()")
              + (state == DANGLING_NAME ? " after name(), expected a value" : " does not match"));
    }
    depth--;
    if (state == nonEmptyState) {
      newline();
    }
    ensure(1);
    buf[count++] = bracket;
    return this;
  }

  private void beforeValue() {
    switch (stack[depth]) {
      case EMPTY_DOCUMENT:
        stack[depth] = NONEMPTY_DOCUMENT;
        break;
      case DANGLING_NAME:
        stack[depth] = NONEMPTY_OBJECT;
        break;
      case EMPTY_ARRAY:
        stack[depth] = NONEMPTY_ARRAY;
        newline();
        break;
      case NONEMPTY_ARRAY:
        ensure(1);
        buf[count++] = ',';
        newline();
        break;
      case NONEMPTY_DOCUMENT:
        throw new IllegalStateException("the document already holds a value; reset() first");
      default:
        throw new IllegalStateException("a value inside an object needs name() first");
    }
  }

  private void newline() {
    if (indent == 0) {
      return;
    }
    int spaces = depth * indent;
    ensure(1 + spaces);
    buf[count++] = '\n';
    for (int i = 0; i < spaces; i++) {
      buf[count++] = ' ';
    }
  }

  private void writeRaw(byte[] token) {
    ensure(token.length);
    System.arraycopy(token, 0, buf, count, token.length);
    count += token.length;
  }

  private void writeLong(long v) {
    if (v == Long.MIN_VALUE) {
      writeRaw(LONG_MIN);
      return;
    }
    ensure(20); // sign and 19 digits
    if (v < 0) {
      buf[count++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long bound = 10; digits < 19 && v >= bound; bound *= 10) {
      digits++;
    }
    int p = count + digits;
    count = p;
    do {
      buf[--p] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    } while (v != 0);
  }

  private void writeString(String s) {
    int n = s.length();
    ensure(n + 2);
    byte[] b = buf;
    int c = count;
    b[c++] = '"';
    // Most names and values are plain ASCII: copy those without per-char capacity checks.
    int i = 0;
    for (; i < n; i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 || ch >= 0x80 || ch == '"' || ch == '\\') {
        break;
      }
      b[c++] = (byte) ch;
    }
    count = c;
    if (i < n) {
      writeStringSlow(s, i);
    }
    ensure(1);
    buf[count++] = '"';
  }

  private void writeStringSlow(String s, int from) {
    int n = s.length();
    for (int i = from; i < n; i++) {
      char ch = s.charAt(i);
      ensure(6);
      byte[] b = buf;
      if (ch < 0x80) {
        if (ch < 0x20) {
          writeUnicodeEscape(ch);
        } else if (ch == '"' || ch == '\\') {
          b[count++] = '\\';
          b[count++] = (byte) ch;
        } else {
          b[count++] = (byte) ch;
        }
      } else if (ch < 0x800) {
        b[count++] = (byte) (0xC0 | (ch >>> 6));
        b[count++] = (byte) (0x80 | (ch & 0x3F));
      } else if (!Character.isSurrogate(ch)) {
        b[count++] = (byte) (0xE0 | (ch >>> 12));
        b[count++] = (byte) (0x80 | ((ch >>> 6) & 0x3F));
        b[count++] = (byte) (0x80 | (ch & 0x3F));
      } else if (Character.isHighSurrogate(ch)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(ch, s.charAt(++i));
        b[count++] = (byte) (0xF0 | (cp >>> 18));
        b[count++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
        b[count++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
        b[count++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        // A lone surrogate has no UTF-8 form; the escape keeps the string intact across a round
        // trip instead of turning it into '?' as String.getBytes would.
        writeUnicodeEscape(ch);
      }
    }
  }

  private void writeUnicodeEscape(char ch) {
    byte[] b = buf;
    b[count++] = '\\';
    b[count++] = 'u';
    b[count++] = HEX[(ch >>> 12) & 0xF];
    b[count++] = HEX[(ch >>> 8) & 0xF];
    b[count++] = HEX[(ch >>> 4) & 0xF];
    b[count++] = HEX[ch & 0xF];
  }

  private void ensure(int extra) {
    int needed = count + extra;
    if (needed > buf.length) {
      grow(needed);
    }
  }

  private void grow(int needed) {
    if (needed < 0 || needed > MAX_CAPACITY) {
      throw new OutOfMemoryError("JSON output exceeds " + MAX_CAPACITY + " bytes");
    }
    int doubled = buf.length > MAX_CAPACITY / 2 ? MAX_CAPACITY : buf.length * 2;
    byte[] bigger = new byte[Math.max(needed, doubled)];
    System.arraycopy(buf, 0, bigger, 0, count);
    buf = bigger;
  }
}
