package io.screentrail.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  // ---- writer -> parser round trips ----

  @Test
  void writerOutputParsesBackToTheSameNestedTree() {
    JsonWriter w = new JsonWriter(8); // small, so that writing grows the buffer
    w.beginObject()
        .field("id", 42)
        .field("name", "frame")
        .field("ok", true)
        .field("ratio", 0.25)
        .field("missing", (String) null)
        .name("rect")
        .beginObject()
        .field("x", -3)
        .field("y", 7)
        .endObject()
        .name("list")
        .beginArray()
        .value(1)
        .value("two")
        .beginArray()
        .endArray()
        .beginObject()
        .endObject()
        .nullValue()
        .value(false)
        .endArray()
        .endObject();

    assertThat(w.toString())
        .isEqualTo(
            "{\"id\":42,\"name\":\"frame\",\"ok\":true,\"ratio\":0.25,\"missing\":null,"
                + "\"rect\":{\"x\":-3,\"y\":7},\"list\":[1,\"two\",[],{},null,false]}");

    Object parsed = Json.parse(w.bytes(), 0, w.length());
    Map<String, Object> rect = new LinkedHashMap<>();
    rect.put("x", -3L);
    rect.put("y", 7L);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("id", 42L);
    expected.put("name", "frame");
    expected.put("ok", true);
    expected.put("ratio", 0.25);
    expected.put("missing", null);
    expected.put("rect", rect);
    expected.put("list", Arrays.asList(1L, "two", List.of(), Map.of(), null, false));
    assertThat(parsed).isEqualTo(expected);
    assertThat(new ArrayList<Object>(((Map<?, ?>) parsed).keySet()))
        .containsExactly("id", "name", "ok", "ratio", "missing", "rect", "list");
  }

  @Test
  void resetReusesTheBufferForTheNextRecord() {
    JsonWriter w = new JsonWriter(4);
    w.beginObject().field("a", "a long enough value to grow").endObject();
    byte[] grown = w.bytes();

    w.reset().beginArray().value(1).endArray();

    assertThat(w.toString()).isEqualTo("[1]");
    assertThat(w.length()).isEqualTo(3);
    assertThat(w.bytes()).isSameAs(grown);
  }

  @Test
  void writeToCopiesExactlyTheOutput() {
    JsonWriter w = new JsonWriter().beginArray().value("é").endArray();
    ByteBuffer dst = ByteBuffer.allocate(32);
    dst.put((byte) 'x');

    w.writeTo(dst);

    dst.flip();
    byte[] out = new byte[dst.remaining()];
    dst.get(out);
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("x[\"é\"]");
  }

  @Test
  void writingIntegersAndAsciiStringsDoesNotAllocate() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    long tid = Thread.currentThread().getId();
    JsonWriter w = new JsonWriter(1 << 16);
    for (int round = 0; round < 3; round++) { // the first rounds warm up class loading
      long before = threads.getThreadAllocatedBytes(tid);
      for (int i = 0; i < 1000; i++) {
        w.reset()
            .beginObject()
            .field("t", Long.MIN_VALUE + i)
            .field("x", i)
            .field("kind", "mouse")
            .name("xs")
            .beginArray()
            .value(Long.MAX_VALUE - i)
            .value(-i)
            .endArray()
            .endObject();
      }
      long allocated = threads.getThreadAllocatedBytes(tid) - before;
      if (round == 2) {
        // Boxing or a Long.toString per value would cost well over 100 KB here; the allowance
        // covers the measuring call itself.
        assertThat(allocated).isLessThan(4096);
      }
    }
  }

  // ---- strings ----

  @Test
  void escapesQuotesBackslashesAndEveryControlCharacter() {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      controls.append(c);
    }
    String s = "q\"b\\s/" + controls + "\u007f";

    String json = new JsonWriter().value(s).toString();

    assertThat(json)
        .startsWith("\"q\\\"b\\\\s/\\u0000\\u0001")
        .contains("\\u000a", "\\u001f")
        .endsWith("\u007f\"");
    assertThat(json.chars().filter(c -> c < 0x20)).isEmpty();
    assertThat(Json.parse(json)).isEqualTo(s);
  }

  @Test
  void keepsNonAsciiAsUtf8() {
    String s = "é€😀 日本";

    JsonWriter w = new JsonWriter().value(s);

    byte[] utf8 = ("\"" + s + "\"").getBytes(StandardCharsets.UTF_8);
    assertThat(Arrays.copyOf(w.bytes(), w.length())).isEqualTo(utf8);
    assertThat(Json.parse(w.bytes(), 0, w.length())).isEqualTo(s);
    assertThat(Json.parse(w.toString())).isEqualTo(s);
  }

  @Test
  void loneSurrogatesSurviveARoundTripAsEscapes() {
    String s = "a\ud800b\udc00" + "\udbff";

    String json = new JsonWriter().value(s).toString();

    assertThat(json).isEqualTo("\"a\\ud800b\\udc00\\udbff\"");
    assertThat(Json.parse(json)).isEqualTo(s);
  }

  @Test
  void parsesEveryEscape() {
    assertThat(Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u00C9 \\ud83d\\ude00\""))
        .isEqualTo("\" \\ / \b \f \n \r \t é É 😀");
  }

  @Test
  void escapedNamesRoundTrip() {
    String json = new JsonWriter().beginObject().field("a\"\n€", 1).endObject().toString();

    assertThat(json).isEqualTo("{\"a\\\"\\u000a€\":1}");
    assertThat(Json.parseObject(json).getLong("a\"\n€")).isEqualTo(1);
  }

  // ---- numbers ----

  @ParameterizedTest
  @ValueSource(
      longs = {
        0, -1, 1, 9, 10, -10, 99, 100, 123456789, Integer.MIN_VALUE, Integer.MAX_VALUE,
        999999999999999999L, 1000000000000000000L, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE
      })
  void longsRoundTripAsLongs(long v) {
    String json = new JsonWriter().value(v).toString();

    assertThat(json).isEqualTo(Long.toString(v));
    assertThat(Json.parse(json)).isInstanceOf(Long.class).isEqualTo(v);
  }

  @Test
  void intsAreWrittenLikeLongs() {
    assertThat(new JsonWriter().value(Integer.MIN_VALUE).toString()).isEqualTo("-2147483648");
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        0.0, -0.0, 1.0, -1.5, 0.1, 1e-300, 1e300, 123456.789, Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, 9.223372036854776E18
      })
  void doublesRoundTripExactlyAsDoubles(double v) {
    String json = new JsonWriter().value(v).toString();

    assertThat(Json.parse(json)).isInstanceOf(Double.class).isEqualTo(v);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void nonFiniteDoublesAreRejected(double v) {
    assertThatThrownBy(() -> new JsonWriter().value(v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
  }

  @Test
  void integersBeyondLongBecomeDoubles() {
    assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808E18);
    assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(Json.parse("-9223372036854775809")).isEqualTo(-9.223372036854775809E18);
    assertThat(Json.parse("123456789012345678901234567890")).isEqualTo(1.2345678901234568E29);
  }

  @Test
  void numbersWithFractionOrExponentAreDoubles() {
    assertThat(Json.parse("1.0")).isEqualTo(1.0);
    assertThat(Json.parse("1e2")).isEqualTo(100.0);
    assertThat(Json.parse("-0")).isEqualTo(0L);
    assertThat(Json.parse("-0.0")).isEqualTo(-0.0);
    assertThat(Json.parse("2E-2")).isEqualTo(0.02);
    assertThat(Json.parse("0e+1")).isEqualTo(0.0);
  }

  // ---- malformed input ----

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`{\"a\":1 \"b\":2}` | expected ',' or '}' at offset 7",
        "`{\"id\":12,\"name\":\"x\"]` | expected ',' or '}' at offset 19",
        "`[1 2]`             | expected ',' or ']' at offset 3",
        "``                  | expected a value at offset 0",
        "`   `               | expected a value at offset 3",
        "`[1,]`              | expected a value at offset 3",
        "`{\"a\":1,}`        | expected field name at offset 7",
        "`{,}`               | expected field name or '}' at offset 1",
        "`{\"a\" 1}`         | expected ':' at offset 5",
        "`{\"a\":1} x`       | expected end of input at offset 8",
        "`1 2`               | expected end of input at offset 2",
        "`\"abc`             | unterminated string starting at offset 0",
        "`[\"ab\\`           | unterminated string starting at offset 1",
        "`\"a\\x\"`          | expected an escape character (one of \"\\/bfnrtu) at offset 3",
        "`\"\\u12g4\"`       | expected a hex digit at offset 5",
        "`\"\\u12`           | expected a hex digit at offset 5",
        "`01`                | leading zeros are not allowed at offset 0",
        "`[-007]`            | leading zeros are not allowed at offset 1",
        "`-`                 | expected a digit at offset 1",
        "`1.`                | expected a digit at offset 2",
        "`1.e5`              | expected a digit at offset 2",
        "`1e+`               | expected a digit at offset 3",
        "`+1`                | expected a value at offset 0",
        "`.5`                | expected a value at offset 0",
        "`tru`               | expected 'true' at offset 0",
        "`[nul]`             | expected 'null' at offset 1",
        "`falsy`             | expected 'false' at offset 0",
        "`NaN`               | expected a value at offset 0",
        "`'a'`               | expected a value at offset 0",
        "`{\"a\":1,\"a\":2}` | duplicate field 'a' at offset 7",
        "`1e999`             | number out of double range at offset 0",
        "`[\"é\" x]`         | expected ',' or ']' at offset 5",
      })
  void malformedInputNamesWhatWasExpectedAndWhere(String input, String message) {
    assertThatThrownBy(() -> Json.parse(input))
        .isInstanceOf(JsonException.class)
        .hasMessage(message);
  }

  @Test
  void rawControlCharactersInStringsAreRejected() {
    assertThatThrownBy(() -> Json.parse("[\"a\nb\"]"))
        .isInstanceOf(JsonException.class)
        .hasMessage("unescaped control character U+000A in string at offset 3");
  }

  @Test
  void byteOffsetsCountFromTheStartOfTheSlice() {
    byte[] bytes = "xxx[\"é\" 1]".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Json.parse(bytes, 3, bytes.length - 3))
        .isInstanceOf(JsonException.class)
        .hasMessage("expected ',' or ']' at offset 6") // é is two bytes
        .extracting(e -> ((JsonException) e).offset())
        .isEqualTo(6);
  }

  @Test
  void parsingStopsAtTheEndOfTheSlice() {
    byte[] bytes = "[1,2]garbage".getBytes(StandardCharsets.UTF_8);

    assertThat(Json.parse(bytes, 0, 5)).isEqualTo(List.of(1L, 2L));
    assertThatThrownBy(() -> Json.parse(bytes, 0, 4))
        .hasMessage("expected ',' or ']' at offset 4");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "80", // continuation byte without a lead
        "C0AF", // overlong '/'
        "E080AF", // overlong '/'
        "EDA080", // UTF-16 surrogate encoded in UTF-8
        "F4908080", // beyond U+10FFFF
        "E282", // truncated
        "FF",
      })
  void invalidUtf8IsRejected(String hex) {
    byte[] bad = new byte[hex.length() / 2];
    for (int i = 0; i < bad.length; i++) {
      bad[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    byte[] doc = new byte[bad.length + 4];
    doc[0] = '[';
    doc[1] = '"';
    System.arraycopy(bad, 0, doc, 2, bad.length);
    doc[doc.length - 2] = '"';
    doc[doc.length - 1] = ']';

    assertThatThrownBy(() -> Json.parse(doc)).hasMessage("invalid UTF-8 at offset 2");
  }

  @Test
  void acceptsAllJsonWhitespaceAndNothingElse() {
    assertThat(Json.parse(" \t\r\n[ 1 ,\n\t2 ] \r\n")).isEqualTo(List.of(1L, 2L));
    assertThatThrownBy(() -> Json.parse("\u00a0[]")).hasMessage("expected a value at offset 0");
    assertThatThrownBy(() -> Json.parse("\ufeff[]")).hasMessage("expected a value at offset 0");
  }

  // ---- depth ----

  @Test
  void parsesNestingUpToTheLimitAndRejectsOneMore() {
    String deepest = "[".repeat(64) + "]".repeat(64);
    String tooDeep = "[".repeat(65) + "]".repeat(65);
    String tooDeepObjects = "{\"a\":".repeat(65) + "1" + "}".repeat(65);

    assertThat(Json.parse(deepest)).isInstanceOf(List.class);
    assertThatThrownBy(() -> Json.parse(tooDeep))
        .isInstanceOf(JsonException.class)
        .hasMessage("nesting deeper than 64 levels at offset 64");
    assertThatThrownBy(() -> Json.parse(tooDeepObjects))
        .hasMessage("nesting deeper than 64 levels at offset " + 5 * 64);
  }

  @Test
  void writerRejectsNestingBeyondTheLimit() {
    JsonWriter w = new JsonWriter();
    for (int i = 0; i < 64; i++) {
      w.beginArray();
    }
    assertThatThrownBy(w::beginObject)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("nesting deeper than 64 levels");

    w.reset();
    for (int i = 0; i < 64; i++) {
      w.beginArray();
    }
    for (int i = 0; i < 64; i++) {
      w.endArray();
    }
    assertThat(Json.parse(w.toString())).isInstanceOf(List.class);
  }

  @Test
  void writingACyclicTreeFailsAtTheDepthLimit() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);

    assertThatThrownBy(() -> Json.write(cycle)).isInstanceOf(IllegalStateException.class);
  }

  // ---- writer misuse ----

  @Test
  void writerRejectsStructuralMistakes() {
    assertThatThrownBy(() -> new JsonWriter().beginObject().value(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a value inside an object needs name() first");
    assertThatThrownBy(() -> new JsonWriter().beginArray().name("a"))
        .hasMessage("name() is only valid directly inside an object");
    assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").name("b"))
        .hasMessage("name() after name(), expected a value");
    assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").endObject())
        .hasMessage("endObject() after name(), expected a value");
    assertThatThrownBy(() -> new JsonWriter().beginObject().endArray())
        .hasMessage("endArray() does not match");
    assertThatThrownBy(() -> new JsonWriter().endObject()).hasMessage("endObject() does not match");
    assertThatThrownBy(() -> new JsonWriter().value(1).value(2))
        .hasMessage("the document already holds a value; reset() first");
  }

  // ---- trees ----

  @Test
  void writePrettyIndentsByTwoSpaces() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", "s1");
    tree.put("segments", List.of(Map.of("t", 1), List.of()));
    tree.put("empty", Map.of());

    String pretty = Json.writePretty(tree);

    assertThat(pretty)
        .isEqualTo(
            "{\n"
                + "  \"name\": \"s1\",\n"
                + "  \"segments\": [\n"
                + "    {\n"
                + "      \"t\": 1\n"
                + "    },\n"
                + "    []\n"
                + "  ],\n"
                + "  \"empty\": {}\n"
                + "}");
    assertThat(Json.parse(pretty)).isEqualTo(Json.parse(Json.write(tree)));
  }

  @Test
  void writeAcceptsOtherBoxedNumbersAndJsonObjects() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("i", 1);
    tree.put("s", (short) 2);
    tree.put("b", (byte) 3);
    tree.put("f", 0.1f);
    tree.put("o", JsonObject.of(Map.of("k", "v")));

    assertThat(Json.write(tree)).isEqualTo("{\"i\":1,\"s\":2,\"b\":3,\"f\":0.1,\"o\":{\"k\":\"v\"}}");
  }

  @Test
  void writeRejectsWhatJsonCannotHold() {
    assertThatThrownBy(() -> Json.write(Map.of(1, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON object keys must be Strings, was java.lang.Integer");
    assertThatThrownBy(() -> Json.write(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write java.lang.Object as JSON");
    assertThatThrownBy(() -> Json.write(List.of(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- typed access ----

  @Test
  void jsonObjectReadsTypedFields() {
    JsonObject o =
        Json.parseObject(
            "{\"l\":9007199254740993,\"i\":-7,\"d\":2.5,\"whole\":3.0,\"s\":\"x\",\"b\":true,"
                + "\"o\":{\"k\":1},\"a\":[1,\"two\"],\"objs\":[{\"k\":1},{\"k\":2}],\"n\":null}");

    assertThat(o.getLong("l")).isEqualTo(9007199254740993L);
    assertThat(o.getInt("i")).isEqualTo(-7);
    assertThat(o.getDouble("d")).isEqualTo(2.5);
    assertThat(o.getDouble("i")).isEqualTo(-7.0);
    assertThat(o.getLong("whole")).isEqualTo(3);
    assertThat(o.getString("s")).isEqualTo("x");
    assertThat(o.getBoolean("b")).isTrue();
    assertThat(o.getObject("o").getInt("k")).isEqualTo(1);
    assertThat(o.getArray("a")).containsExactly(1L, "two");
    assertThat(o.getObjectList("objs")).extracting(e -> e.getLong("k")).containsExactly(1L, 2L);
    assertThat(o.has("n")).isTrue();
    assertThat(o.has("zz")).isFalse();
    assertThat(o.optLong("zz", 5)).isEqualTo(5);
    assertThat(o.optLong("n", 6)).isEqualTo(6);
    assertThat(o.optLong("l", 6)).isEqualTo(9007199254740993L);
    assertThat(o.optInt("zz", 7)).isEqualTo(7);
    assertThat(o.optDouble("zz", 1.5)).isEqualTo(1.5);
    assertThat(o.optBoolean("zz", true)).isTrue();
    assertThat(o.optString("zz", "def")).isEqualTo("def");
    assertThat(o.optString("s", "def")).isEqualTo("x");
    assertThat(Json.parse(o.toString())).isEqualTo(o.asMap());
  }

  @Test
  void jsonObjectNamesTheFieldWhenItIsMissingOrOfTheWrongType() {
    JsonObject o =
        Json.parseObject(
            "{\"s\":\"x\",\"d\":2.5,\"big\":3000000000,\"n\":null,\"o\":{},\"a\":[1]}");

    assertThatThrownBy(() -> o.getLong("x"))
        .isInstanceOf(JsonException.class)
        .hasMessage("missing field 'x'");
    assertThatThrownBy(() -> o.getString("n")).hasMessage("field 'n' is null");
    assertThatThrownBy(() -> o.getLong("s")).hasMessage("field 's' is not a number");
    assertThatThrownBy(() -> o.getDouble("s")).hasMessage("field 's' is not a number");
    assertThatThrownBy(() -> o.optLong("s", 0)).hasMessage("field 's' is not a number");
    assertThatThrownBy(() -> o.getLong("d")).hasMessage("field 'd' is not an integer");
    assertThatThrownBy(() -> o.getInt("big"))
        .hasMessage("field 'big' is out of int range, was 3000000000");
    assertThatThrownBy(() -> o.getString("d")).hasMessage("field 'd' is not a string");
    assertThatThrownBy(() -> o.optString("d", "")).hasMessage("field 'd' is not a string");
    assertThatThrownBy(() -> o.getBoolean("s")).hasMessage("field 's' is not a boolean");
    assertThatThrownBy(() -> o.getObject("a")).hasMessage("field 'a' is not an object");
    assertThatThrownBy(() -> o.getArray("o")).hasMessage("field 'o' is not an array");
    assertThatThrownBy(() -> o.getObjectList("a")).hasMessage("field 'a[0]' is not an object");
    assertThatThrownBy(() -> Json.parseObject(" [1]")).hasMessage("expected '{' at offset 1");
  }

  // ---- property: parse(write(tree)) == tree ----

  @Test
  void randomTreesSurviveWriteAndParse() {
    Random random = new Random(20240611L);
    JsonWriter reused = new JsonWriter(16);
    for (int i = 0; i < 2000; i++) {
      Object tree = randomValue(random, 0);

      String compact = Json.write(tree);
      assertThat(Json.parse(compact)).as(compact).isEqualTo(tree);
      // Same text again: map order and number forms survive too, not just equality.
      assertThat(Json.write(Json.parse(compact))).isEqualTo(compact);
      assertThat(Json.parse(Json.writePretty(tree))).isEqualTo(tree);

      reused.reset();
      Json.write(reused, tree);
      assertThat(Json.parse(reused.bytes(), 0, reused.length())).isEqualTo(tree);
    }
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth >= 6 ? 5 : 7);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return random.nextBoolean();
      case 2:
        return randomLong(random);
      case 3:
        return randomDouble(random);
      case 4:
        return randomString(random);
      case 5:
        {
          List<Object> list = new ArrayList<>();
          for (int n = random.nextInt(6); n > 0; n--) {
            list.add(randomValue(random, depth + 1));
          }
          return list;
        }
      default:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          for (int n = random.nextInt(6); n > 0; n--) {
            map.put(randomString(random), randomValue(random, depth + 1));
          }
          return map;
        }
    }
  }

  private static long randomLong(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return random.nextLong();
      case 1:
        return random.nextInt(2001) - 1000;
      case 2:
        return random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
      default:
        return random.nextLong() >> random.nextInt(64);
    }
  }

  private static double randomDouble(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        while (true) {
          double d = Double.longBitsToDouble(random.nextLong()); // any exponent, subnormals too
          if (Double.isFinite(d)) {
            return d;
          }
        }
      case 1:
        return random.nextGaussian() * 1000;
      case 2:
        return random.nextInt(100) - 50.0; // integral doubles must stay doubles
      default:
        return random.nextBoolean() ? -0.0 : Double.MIN_VALUE;
    }
  }

  private static String randomString(Random random) {
    int length = random.nextInt(12);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(5)) {
        case 0:
          sb.append((char) random.nextInt(0x20)); // control characters
          break;
        case 1:
          sb.append("\"\\/".charAt(random.nextInt(3)));
          break;
        case 2:
          sb.append((char) random.nextInt(0x10000)); // any UTF-16 unit, lone surrogates too
          break;
        case 3:
          sb.appendCodePoint(0x10000 + random.nextInt(0x100000)); // supplementary, as a pair
          break;
        default:
          sb.append((char) (' ' + random.nextInt(95)));
          break;
      }
    }
    return sb.toString();
  }
}
