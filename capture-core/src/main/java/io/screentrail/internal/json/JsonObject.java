package io.screentrail.internal.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed, read-only view of a parsed JSON object, so that readers of manifests and sessions say
 * {@code obj.getLong("t")} instead of casting and null-checking.
 *
 * <p>{@code get*} methods throw {@link JsonException} naming the field when it is missing ({@code
 * missing field 'x'}), {@code null} ({@code field 'x' is null}) or of another type ({@code field 'x'
 * is not a number}). {@code opt*} methods return the default when the field is missing or {@code
 * null}, and throw only for the wrong type. Integers read with {@link #getDouble(String)} widen;
 * doubles read with {@link #getLong(String)} are accepted only when they hold an exact integer.
 */
public final class JsonObject {

  private final Map<String, ?> map;

  private JsonObject(Map<String, ?> map) {
    this.map = map;
  }

  /** Wraps {@code map} without copying it. */
  public static JsonObject of(Map<String, ?> map) {
    return new JsonObject(Objects.requireNonNull(map, "map"));
  }

  /** The wrapped map, not a copy. */
  public Map<String, ?> asMap() {
    return map;
  }

  /** Whether the field is present, even with a {@code null} value. */
  public boolean has(String name) {
    return map.containsKey(name);
  }

  /** The field as a long. */
  public long getLong(String name) {
    return toLong(name, require(name));
  }

  /** The field as an int, which it must fit. */
  public int getInt(String name) {
    return toInt(name, getLong(name));
  }

  /** The field as a double; integers widen. */
  public double getDouble(String name) {
    return toDouble(name, require(name));
  }

  /** The field as a string. */
  public String getString(String name) {
    Object v = require(name);
    if (!(v instanceof String)) {
      throw wrongType(name, "a string");
    }
    return (String) v;
  }

  /** The field as a boolean. */
  public boolean getBoolean(String name) {
    return toBoolean(name, require(name));
  }

  /** The field as an object. */
  public JsonObject getObject(String name) {
    return toObject(name, require(name));
  }

  /** The field as a list of plain values, not a copy. */
  @SuppressWarnings("unchecked") // only read from, so any element type is safe to present as Object
  public List<Object> getArray(String name) {
    Object v = require(name);
    if (!(v instanceof List)) {
      throw wrongType(name, "an array");
    }
    return (List<Object>) v;
  }

  /** The field as an array whose every element is an object. */
  public List<JsonObject> getObjectList(String name) {
    List<Object> list = getArray(name);
    List<JsonObject> objects = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      objects.add(toObject(name + "[" + i + "]", list.get(i)));
    }
    return objects;
  }

  /** The field as a long, or {@code defaultValue} when missing or null. */
  public long optLong(String name, long defaultValue) {
    Object v = map.get(name);
    return v == null ? defaultValue : toLong(name, v);
  }

  /** The field as an int, or {@code defaultValue} when missing or null. */
  public int optInt(String name, int defaultValue) {
    Object v = map.get(name);
    return v == null ? defaultValue : toInt(name, toLong(name, v));
  }

  /** The field as a double, or {@code defaultValue} when missing or null. */
  public double optDouble(String name, double defaultValue) {
    Object v = map.get(name);
    return v == null ? defaultValue : toDouble(name, v);
  }

  /** The field as a boolean, or {@code defaultValue} when missing or null. */
  public boolean optBoolean(String name, boolean defaultValue) {
    Object v = map.get(name);
    return v == null ? defaultValue : toBoolean(name, v);
  }

  /** The field as a string, or {@code defaultValue} when missing or null. */
  public String optString(String name, String defaultValue) {
    Object v = map.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof String)) {
      throw wrongType(name, "a string");
    }
    return (String) v;
  }

  /** Compact JSON. */
  @Override
  public String toString() {
    return Json.write(map);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonObject && map.equals(((JsonObject) o).map);
  }

  @Override
  public int hashCode() {
    return map.hashCode();
  }

  private Object require(String name) {
    Object v = map.get(name);
    if (v == null) {
      throw new JsonException(
          map.containsKey(name) ? "field '" + name + "' is null" : "missing field '" + name + "'");
    }
    return v;
  }

  private static long toLong(String name, Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // [-2^63, 2^63) is exactly the range of doubles that convert to a long without clamping.
      if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
        return (long) d;
      }
      throw wrongType(name, "an integer");
    }
    throw wrongType(name, v instanceof Number ? "an integer" : "a number");
  }

  private static int toInt(String name, long v) {
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new JsonException("field '" + name + "' is out of int range, was " + v);
    }
    return (int) v;
  }

  private static double toDouble(String name, Object v) {
    if (!(v instanceof Number)) {
      throw wrongType(name, "a number");
    }
    return ((Number) v).doubleValue();
  }

  private static boolean toBoolean(String name, Object v) {
    if (!(v instanceof Boolean)) {
      throw wrongType(name, "a boolean");
    }
    return (Boolean) v;
  }

  @SuppressWarnings("unchecked") // parsed objects always have String keys
  private static JsonObject toObject(String name, Object v) {
    if (!(v instanceof Map)) {
      throw wrongType(name, "an object");
    }
    return new JsonObject((Map<String, ?>) v);
  }

  private static JsonException wrongType(String name, String expected) {
    return new JsonException("field '" + name + "' is not " + expected);
  }
}
