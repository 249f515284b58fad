package io.screentrail.cli;

import io.screentrail.session.KeyProvider;
import io.screentrail.session.SessionException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The flags that say where a session's key comes from ({@code --key-file FILE}, {@code --key-env
 * NAME}) and how many bytes a recording may take ({@code --max-bytes 2G}), shared by record,
 * inspect and export.
 */
final class StorageFlags {

  /** Value flags of the key, for the commands that read or write sessions. */
  static final List<String> KEY_FLAGS = List.of("--key-file", "--key-env");

  /** Help lines of the key flags. */
  static final String KEY_HELP = """
        --key-file FILE        the session key: 32 raw bytes, 64 hex digits or base64, in a
                               file only its owner can read (chmod 600); make one with
                               `screentrail keygen --out FILE`
        --key-env NAME         the session key from the environment variable NAME (such as
                               SCREENTRAIL_KEY), as 64 hex digits or base64
      """;

  private StorageFlags() {}

  /**
   * The key the flags name, or {@code null} when neither is given. The key file itself is read
   * when the key is needed; an environment variable is read now.
   */
  static KeyProvider keys(Args args, Cli cli) throws UsageException {
    if (args.has("--key-file") && args.has("--key-env")) {
      throw new UsageException("give --key-file or --key-env, not both");
    }
    if (args.has("--key-file")) {
      return KeyProvider.fromFile(Path.of(args.required("--key-file",
          "the key file, such as --key-file session.key")));
    }
    if (args.has("--key-env")) {
      String name = args.required("--key-env", "an environment variable name, such as"
          + " --key-env SCREENTRAIL_KEY");
      String value = cli.variable(name);
      if (value == null || value.isBlank()) {
        throw new UsageException("--key-env " + name + ": the environment variable " + name
            + " is not set; export it with the key (64 hex digits) or use --key-file FILE");
      }
      try {
        return KeyProvider.of(KeyProvider.parse(value, "the environment variable " + name));
      } catch (SessionException e) {
        throw new UsageException("--key-env " + name + ": " + e.getMessage());
      }
    }
    return null;
  }

  /**
   * A byte count such as {@code 500M}, {@code 2G}, {@code 1048576}: K, M, G and T are powers of
   * 1024. Absent: {@code defaultValue}.
   */
  static long bytes(Args args, String flag, long defaultValue) throws UsageException {
    if (!args.has(flag)) {
      return defaultValue;
    }
    String text = args.required(flag, "a size such as 500M or 2G");
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
      t = t.substring(0, t.length() - 1); // 500MB, 2GB
    }
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K' -> unit = 1L << 10;
        case 'M' -> unit = 1L << 20;
        case 'G' -> unit = 1L << 30;
        case 'T' -> unit = 1L << 40;
        default -> unit = 1;
      }
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(digits.strip());
      if (n < 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " must be a size such as 500M, 2G or a number of bytes,"
          + " was '" + text + "'");
    }
  }

  /** A maximum age: what {@link Args#duration} takes, or whole days such as {@code 7d}. */
  static java.time.Duration age(Args args, String flag) throws UsageException {
    if (!args.has(flag)) {
      return null;
    }
    String text = args.required(flag, "an age such as 36h or 7d").strip();
    if (text.matches("[0-9]{1,5}[dD]")) {
      return java.time.Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    return args.duration(flag, null);
  }
}
