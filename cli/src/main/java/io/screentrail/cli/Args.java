package io.screentrail.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One command's arguments: long flags as {@code --name value} or {@code --name=value}, boolean
 * flags, and positional arguments. Every accessor checks its value and throws a {@link
 * UsageException} naming the flag, what was given and what is accepted.
 *
 * <p>{@code --help} and {@code -h} are recognised anywhere, so that a command with otherwise
 * broken arguments still shows its help; {@code --} ends the flags.
 */
final class Args {

  private final String command;
  private final Map<String, String> values;
  private final Set<String> booleans;
  private final List<String> positionals;
  private final boolean help;
  /** Flags that may be given more than once, each occurrence adding a value. */
  private static final Set<String> REPEATABLE = Set.of("--allow-app", "--deny-app");
  private final Map<String, List<String>> repeated = new LinkedHashMap<>();

  private Args(String command, Map<String, String> values, Set<String> booleans,
      List<String> positionals, boolean help) {
    this.command = command;
    this.values = values;
    this.booleans = booleans;
    this.positionals = positionals;
    this.help = help;
  }

  /**
   * Parses {@code argv} for {@code command}.
   *
   * @param valueFlags flags that take a value, such as {@code "--out"}
   * @param booleanFlags flags that take none, such as {@code "--json"}
   * @param maxPositionals how many positional arguments the command takes
   */
  static Args parse(String command, List<String> argv, List<String> valueFlags,
      List<String> booleanFlags, int maxPositionals) throws UsageException {
    for (String a : argv) {
      if (a.equals("--")) {
        break;
      }
      if (a.equals("--help") || a.equals("-h")) {
        return new Args(command, Map.of(), Set.of(), List.of(), true);
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, List<String>> repeatedValues = new LinkedHashMap<>();
    Set<String> booleans = new java.util.LinkedHashSet<>();
    List<String> positionals = new ArrayList<>();
    boolean flagsEnded = false;
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (flagsEnded || !a.startsWith("-") || a.equals("-") || isNegativeNumber(a)) {
        if (positionals.size() == maxPositionals) {
          throw new UsageException("unexpected argument '" + a + "'"
              + (maxPositionals == 0 ? ": '" + command + "' takes only flags ("
                  + accepted(valueFlags, booleanFlags) + ")"
                  : ": '" + command + "' takes " + maxPositionals + " directory argument"));
        }
        positionals.add(a);
        continue;
      }
      if (a.equals("--")) {
        flagsEnded = true;
        continue;
      }
      int eq = a.indexOf('=');
      String name = eq > 0 ? a.substring(0, eq) : a;
      if (valueFlags.contains(name)) {
        String value;
        if (eq > 0) {
          value = a.substring(eq + 1);
        } else if (i + 1 < argv.size() && isValue(argv.get(i + 1))) {
          value = argv.get(++i);
        } else {
          throw new UsageException(name + " needs a value");
        }
        if (REPEATABLE.contains(name)) {
          values.putIfAbsent(name, value);
          repeatedValues.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        } else if (values.put(name, value) != null) {
          throw new UsageException(name + " is given twice; give it once");
        }
      } else if (booleanFlags.contains(name)) {
        if (eq > 0) {
          throw new UsageException(name + " takes no value, was given '" + a.substring(eq + 1)
              + "'");
        }
        booleans.add(name);
      } else {
        throw new UsageException("unknown flag " + name + " for '" + command + "'; accepted: "
            + accepted(valueFlags, booleanFlags));
      }
    }
    Args args = new Args(command, values, booleans, positionals, false);
    args.repeated.putAll(repeatedValues);
    return args;
  }

  /** A following argument is the flag's value unless it is another long flag. */
  private static boolean isValue(String next) {
    return !next.startsWith("--");
  }

  private static boolean isNegativeNumber(String a) {
    return a.length() > 1 && a.charAt(0) == '-' && Character.isDigit(a.charAt(1));
  }

  private static String accepted(List<String> valueFlags, List<String> booleanFlags) {
    List<String> all = new ArrayList<>(valueFlags);
    all.addAll(booleanFlags);
    all.add("--help");
    return String.join(", ", all);
  }

  /** The command these arguments belong to. */
  String command() {
    return command;
  }

  /** Whether {@code --help} or {@code -h} was given. */
  boolean help() {
    return help;
  }

  /** Whether a boolean flag was given. */
  boolean flag(String name) {
    return booleans.contains(name);
  }

  /** Whether a value flag was given. */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** Every value of a repeatable flag, in order; empty when it was not given. */
  List<String> all(String name) {
    return repeated.getOrDefault(name, List.of());
  }

  /** A value flag's value, or {@code defaultValue}. */
  String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  /** A value flag that must be given; {@code what} describes its value, such as "a directory". */
  String required(String name, String what) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException("missing " + name + ": give " + what);
    }
    if (v.isBlank()) {
      throw new UsageException(name + " must not be empty: give " + what);
    }
    return v;
  }

  /** The positional argument at {@code index}, which must be given. */
  String positional(int index, String what) throws UsageException {
    if (index >= positionals.size()) {
      throw new UsageException("missing " + what);
    }
    return positionals.get(index);
  }

  /** An integer flag in [{@code min}, {@code max}], or {@code defaultValue}. */
  int integer(String name, int defaultValue, int min, int max) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new UsageException(name + " must be a whole number from " + min + " to " + max
        + ", was '" + v + "'");
  }

  /** A number flag in ({@code minExclusive}, {@code max}], or {@code defaultValue}. */
  double number(String name, double defaultValue, double minExclusive, double max)
      throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (d > minExclusive && d <= max) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new UsageException(name + " must be a number greater than " + Cli.number(minExclusive)
        + " and at most " + Cli.number(max) + ", was '" + v + "'");
  }

  /** One of {@code allowed} (case-insensitive, returned in lower case), or {@code defaultValue}. */
  String choice(String name, String defaultValue, String... allowed) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    String lower = v.trim().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(lower)) {
        return a;
      }
    }
    throw new UsageException(name + " must be " + String.join(" or ", allowed) + ", was '" + v
        + "'");
  }

  /** A positive duration flag such as {@code 30s}, or {@code defaultValue}. */
  Duration duration(String name, Duration defaultValue) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      Duration d = parseDuration(v);
      if (!d.isZero() && !d.isNegative()) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below with the accepted forms
    }
    throw new UsageException(name + " must be a positive duration such as 500ms, 30s, 2m or 1h"
        + " (a plain number is seconds), was '" + v + "'");
  }

  /** A duration flag in [{@code min}, {@code max}], or {@code defaultValue}. */
  Duration duration(String name, Duration defaultValue, Duration min, Duration max)
      throws UsageException {
    Duration d = duration(name, defaultValue);
    if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
      throw new UsageException(name + " must be from " + RecordCommand.describe(min) + " to "
          + RecordCommand.describe(max) + ", was '" + values.get(name) + "'");
    }
    return d;
  }

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or a plain number of seconds;
   * fractions are allowed ({@code 1.5m}).
   *
   * @throws IllegalArgumentException for anything else
   */
  static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    long unitNanos;
    String number;
    if (s.endsWith("ms")) {
      unitNanos = 1_000_000L;
      number = s.substring(0, s.length() - 2);
    } else if (s.endsWith("s")) {
      unitNanos = 1_000_000_000L;
      number = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      unitNanos = 60_000_000_000L;
      number = s.substring(0, s.length() - 1);
    } else if (s.endsWith("h")) {
      unitNanos = 3_600_000_000_000L;
      number = s.substring(0, s.length() - 1);
    } else {
      unitNanos = 1_000_000_000L;
      number = s;
    }
    // Digits and one dot only: Double.parseDouble would also take "1e3", "NaN" and "0x1p3".
    if (!number.matches("[0-9]+(\\.[0-9]+)?")) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    double nanos = Double.parseDouble(number) * unitNanos;
    if (nanos > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("duration too long: '" + text + "'");
    }
    return Duration.ofNanos(Math.round(nanos));
  }
}
