package io.screentrail.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses JSON (RFC 8259) into plain Java values and writes such trees back.
 *
 * <p>Parsed values are {@code Map<String, Object>} (a {@link LinkedHashMap} in document order),
 * {@code List<Object>}, {@link String}, {@link Long} for integers that fit in a long, {@link Double}
 * for every other number, {@link Boolean} and {@code null}. The parser is strict: it rejects
 * trailing data, leading zeros, raw control characters and invalid UTF-8 in strings, bad escapes,
 * duplicate field names, numbers beyond the double range and nesting deeper than {@value
 * #MAX_DEPTH}, each with a {@link JsonException} naming what was expected and where.
 *
 * <p>{@link #write(Object)} accepts the parsed types plus {@link Integer}, {@link Short}, {@link
 * Byte}, {@link Float}, any {@link Map} with String keys, any {@link Iterable} and {@link
 * JsonObject}, so that {@code parse(write(tree))} equals {@code tree} for every parsed tree.
 *
 * <p>Allocates freely: for manifests, configuration and reading sessions back, not for per-frame
 * work, which uses a reused {@link JsonWriter}.
 */
public final class Json {

  /** Deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = JsonWriter.MAX_DEPTH;

  private Json() {}

  /**
   * Parses one JSON value.
   *
   * @throws JsonException if {@code text} is not exactly one well-formed JSON value, surrounded by
   *     whitespace at most; its offset counts chars
   */
  public static Object parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Parser(bytes, 0, bytes.length, text).document(false);
  }

  /**
   * Parses one JSON value from UTF-8 bytes.
   *
   * @throws JsonException if the bytes are not exactly one well-formed JSON value, surrounded by
   *     whitespace at most; its offset counts bytes from {@code off}
   */
  public static Object parse(byte[] bytes, int off, int len) {
    Objects.checkFromIndexSize(off, len, bytes.length);
    return new Parser(bytes, off, len, null).document(false);
  }

  /** Parses all of {@code bytes}, as {@link #parse(byte[], int, int)}. */
  public static Object parse(byte[] bytes) {
    return parse(bytes, 0, bytes.length);
  }

  /**
   * Parses a JSON object and wraps it for typed access.
   *
   * @throws JsonException if {@code text} is malformed or holds another kind of value
   */
  public static JsonObject parseObject(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    @SuppressWarnings("unchecked") // document(true) returns only objects, whose keys are Strings
    Map<String, Object> map =
        (Map<String, Object>) new Parser(bytes, 0, bytes.length, text).document(true);
    return JsonObject.of(map);
  }

  /**
   * Writes a tree of maps, lists, strings, numbers, booleans and nulls as compact JSON.
   *
   * @throws IllegalArgumentException for other types, non-String map keys or non-finite numbers
   * @throws IllegalStateException for trees deeper than {@value #MAX_DEPTH}, including cycles
   */
  public static String write(Object tree) {
    JsonWriter out = new JsonWriter(256, 0);
    write(out, tree);
    return out.toString();
  }

  /** Writes a tree as {@link #write(Object)} does, one member or element per line, indented by 2. */
  public static String writePretty(Object tree) {
    JsonWriter out = new JsonWriter(256, 2);
    write(out, tree);
    return out.toString();
  }

  /**
   * Writes a tree as the next value of {@code out}, for callers that reuse a writer.
   *
   * @see #write(Object)
   */
  public static void write(JsonWriter out, Object tree) {
    if (tree == null) {
      out.nullValue();
    } else if (tree instanceof String) {
      out.value((String) tree);
    } else if (tree instanceof Long
        || tree instanceof Integer
        || tree instanceof Short
        || tree instanceof Byte) {
      out.value(((Number) tree).longValue());
    } else if (tree instanceof Double) {
      out.value(((Double) tree).doubleValue());
    } else if (tree instanceof Float) {
      // Widening 0.1f gives 0.10000000149011612; going through the float's shortest decimal
      // form writes the 0.1 its author saw.
      out.value(Double.parseDouble(tree.toString()));
    } else if (tree instanceof Boolean) {
      out.value(((Boolean) tree).booleanValue());
    } else if (tree instanceof Map) {
      out.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) tree).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException(
              "JSON object keys must be Strings, was "
                  + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
        }
        out.name((String) e.getKey());
        write(out, e.getValue());
      }
      out.endObject();
    } else if (tree instanceof Iterable) {
      out.beginArray();
      for (Object element : (Iterable<?>) tree) {
        write(out, element);
      }
      out.endArray();
    } else if (tree instanceof JsonObject) {
      write(out, ((JsonObject) tree).asMap());
    } else {
      throw new IllegalArgumentException("cannot write " + tree.getClass().getName() + " as JSON");
    }
  }

  /** Recursive descent over UTF-8 bytes; one instance per document. */
  private static final class Parser {

    private final byte[] in;
    private final int start;
    private final int end;
    // Non-null when the input came from a String: offsets are then reported in chars.
    private final String source;
    private int pos;
    private StringBuilder scratch;

    Parser(byte[] in, int off, int len, String source) {
      this.in = in;
      this.start = off;
      this.end = off + len;
      this.source = source;
      this.pos = off;
    }

    Object document(boolean objectOnly) {
      skipWhitespace();
      if (objectOnly && (pos >= end || in[pos] != '{')) {
        throw expected("'{'", pos);
      }
      Object value = value(0);
      skipWhitespace();
      if (pos != end) {
        throw expected("end of input", pos);
      }
      return value;
    }

    private Object value(int depth) {
      if (pos >= end) {
        throw expected("a value", pos);
      }
      switch (in[pos]) {
        case '{':
          return object(depth + 1);
        case '[':
          return array(depth + 1);
        case '"':
          return string();
        case 't':
          literal("true");
          return Boolean.TRUE;
        case 'f':
          literal("false");
          return Boolean.FALSE;
        case 'n':
          literal("null");
          return null;
        case '-':
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
          return number();
        default:
          throw expected("a value", pos);
      }
    }

    private Map<String, Object> object(int depth) {
      checkDepth(depth);
      pos++;
      Map<String, Object> map = new LinkedHashMap<>();
      skipWhitespace();
      if (pos < end && in[pos] == '}') {
        pos++;
        return map;
      }
      boolean first = true;
      while (true) {
        if (pos >= end || in[pos] != '"') {
          throw expected(first ? "field name or '}'" : "field name", pos);
        }
        first = false;
        int namePos = pos;
        String name = string();
        skipWhitespace();
        if (pos >= end || in[pos] != ':') {
          throw expected("':'", pos);
        }
        pos++;
        skipWhitespace();
        int sizeBefore = map.size();
        map.put(name, value(depth));
        // Comparing sizes instead of calling containsKey first saves a lookup per member.
        if (map.size() == sizeBefore) {
          throw new JsonException("duplicate field '" + name + "'", offset(namePos));
        }
        skipWhitespace();
        if (pos < end && in[pos] == ',') {
          pos++;
          skipWhitespace();
        } else if (pos < end && in[pos] == '}') {
          pos++;
          return map;
        } else {
          throw expected("',' or '}'", pos);
        }
      }
    }

    private List<Object> array(int depth) {
      checkDepth(depth);
      pos++;
      List<Object> list = new ArrayList<>();
      skipWhitespace();
      if (pos < end && in[pos] == ']') {
        pos++;
        return list;
      }
      while (true) {
        list.add(value(depth));
        skipWhitespace();
        if (pos < end && in[pos] == ',') {
          pos++;
          skipWhitespace();
        } else if (pos < end && in[pos] == ']') {
          pos++;
          return list;
        } else {
          throw expected("',' or ']'", pos);
        }
      }
    }

    private void checkDepth(int depth) {
      if (depth > MAX_DEPTH) {
        throw new JsonException("nesting deeper than " + MAX_DEPTH + " levels", offset(pos));
      }
    }

    private void literal(String word) {
      int n = word.length();
      if (end - pos < n) {
        throw expected("'" + word + "'", pos);
      }
      for (int i = 0; i < n; i++) {
        if (in[pos + i] != word.charAt(i)) {
          throw expected("'" + word + "'", pos);
        }
      }
      pos += n;
    }

    private Object number() {
      int begin = pos;
      boolean negative = in[pos] == '-';
      if (negative) {
        pos++;
      }
      if (pos >= end || !isDigit(in[pos])) {
        throw expected("a digit", pos);
      }
      // Accumulate negatively: the negative range is one larger, so Long.MIN_VALUE fits.
      long acc = 0;
      boolean overflow = false;
      if (in[pos] == '0') {
        pos++;
        if (pos < end && isDigit(in[pos])) {
          throw new JsonException("leading zeros are not allowed", offset(begin));
        }
      } else {
        while (pos < end && isDigit(in[pos])) {
          int digit = in[pos++] - '0';
          if (overflow || acc < (Long.MIN_VALUE + digit) / 10) {
            overflow = true;
          } else {
            acc = acc * 10 - digit;
          }
        }
      }
      boolean integral = true;
      if (pos < end && in[pos] == '.') {
        integral = false;
        pos++;
        digits();
      }
      if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
        integral = false;
        pos++;
        if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
          pos++;
        }
        digits();
      }
      if (integral && !overflow && (negative || acc != Long.MIN_VALUE)) {
        return negative ? acc : -acc;
      }
      double d = Double.parseDouble(new String(in, begin, pos - begin, StandardCharsets.ISO_8859_1));
      if (Double.isInfinite(d)) {
        // Accepting it would yield a value that JsonWriter refuses to write back.
        throw new JsonException("number out of double range", offset(begin));
      }
      return d;
    }

    private void digits() {
      if (pos >= end || !isDigit(in[pos])) {
        throw expected("a digit", pos);
      }
      do {
        pos++;
      } while (pos < end && isDigit(in[pos]));
    }

    private String string() {
      int open = pos;
      int p = pos + 1;
      // Fast path for the common case, ASCII without escapes: as a signed byte, every non-ASCII
      // byte is negative and so falls under the control-character test.
      while (p < end) {
        byte b = in[p];
        if (b == '"') {
          pos = p + 1;
          return new String(in, open + 1, p - open - 1, StandardCharsets.ISO_8859_1);
        }
        if (b == '\\' || b < 0x20) {
          break;
        }
        p++;
      }
      return stringSlow(open, p);
    }

    private String stringSlow(int open, int p) {
      StringBuilder sb = scratch == null ? (scratch = new StringBuilder(64)) : scratch;
      sb.setLength(0);
      for (int i = open + 1; i < p; i++) {
        sb.append((char) in[i]);
      }
      while (true) {
        if (p >= end) {
          throw new JsonException("unterminated string starting", offset(open));
        }
        int b = in[p] & 0xFF;
        if (b == '"') {
          pos = p + 1;
          return sb.toString();
        } else if (b == '\\') {
          p = escape(sb, p, open);
        } else if (b < 0x20) {
          throw new JsonException(
              String.format("unescaped control character U+%04X in string", b), offset(p));
        } else if (b < 0x80) {
          sb.append((char) b);
          p++;
        } else {
          p = utf8(sb, p, b);
        }
      }
    }

    /** Decodes the escape at {@code p} (a backslash) and returns the index after it. */
    private int escape(StringBuilder sb, int p, int open) {
      if (p + 1 >= end) {
        throw new JsonException("unterminated string starting", offset(open));
      }
      byte e = in[p + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          sb.append((char) e);
          return p + 2;
        case 'b':
          sb.append('\b');
          return p + 2;
        case 'f':
          sb.append('\f');
          return p + 2;
        case 'n':
          sb.append('\n');
          return p + 2;
        case 'r':
          sb.append('\r');
          return p + 2;
        case 't':
          sb.append('\t');
          return p + 2;
        case 'u': {
          int c = 0;
          for (int i = p + 2; i < p + 6; i++) {
            int h = i < end ? hexValue(in[i]) : -1;
            if (h < 0) {
              throw expected("a hex digit", i);
            }
            c = (c << 4) | h;
          }
          // Surrogates are kept as they come, paired or not, which is what a Java String holds.
          sb.append((char) c);
          return p + 6;
        }
        default:
          throw expected("an escape character (one of \"\\/bfnrtu)", p + 1);
      }
    }

    /** Decodes the multi-byte UTF-8 sequence led by {@code lead} at {@code p}, strictly. */
    private int utf8(StringBuilder sb, int p, int lead) {
      int n;
      int cp;
      int min2 = 0x80;
      int max2 = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
        cp = lead & 0x1F;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        cp = lead & 0x0F;
        if (lead == 0xE0) {
          min2 = 0xA0; // overlong
        } else if (lead == 0xED) {
          max2 = 0x9F; // UTF-16 surrogates
        }
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        cp = lead & 0x07;
        if (lead == 0xF0) {
          min2 = 0x90; // overlong
        } else if (lead == 0xF4) {
          max2 = 0x8F; // beyond U+10FFFF
        }
      } else {
        throw new JsonException("invalid UTF-8", offset(p));
      }
      if (end - p < n) {
        throw new JsonException("invalid UTF-8", offset(p));
      }
      for (int i = 1; i < n; i++) {
        int b = in[p + i] & 0xFF;
        int lo = i == 1 ? min2 : 0x80;
        int hi = i == 1 ? max2 : 0xBF;
        if (b < lo || b > hi) {
          throw new JsonException("invalid UTF-8", offset(p));
        }
        cp = (cp << 6) | (b & 0x3F);
      }
      sb.appendCodePoint(cp);
      return p + n;
    }

    private void skipWhitespace() {
      while (pos < end) {
        byte b = in[pos];
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
          return;
        }
        pos++;
      }
    }

    private JsonException expected(String what, int at) {
      return new JsonException("expected " + what, offset(at));
    }

    /** The error offset a caller understands: chars for String input, bytes otherwise. */
    private int offset(int at) {
      if (source == null) {
        return at - start;
      }
      // Only on the error path: count the chars that the bytes before the error decode to.
      return new String(in, 0, at, StandardCharsets.UTF_8).length();
    }

    private static boolean isDigit(byte b) {
      return b >= '0' && b <= '9';
    }

    private static int hexValue(byte b) {
      if (b >= '0' && b <= '9') {
        return b - '0';
      } else if (b >= 'a' && b <= 'f') {
        return b - 'a' + 10;
      } else if (b >= 'A' && b <= 'F') {
        return b - 'A' + 10;
      }
      return -1;
    }
  }
}
