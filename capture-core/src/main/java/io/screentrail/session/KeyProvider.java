package io.screentrail.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the 256-bit key that encrypts a session (AES-256-GCM) comes from: a key file, an
 * environment variable, or the embedding agent's own key store. The engine asks once, when the
 * session is created; a reader asks once, when the session is opened.
 *
 * <p>A key in text form is 64 hexadecimal digits or the base64 of 32 bytes; a key file may also
 * hold the 32 bytes raw. Key files must be readable by their owner only.
 */
@FunctionalInterface
public interface KeyProvider {

  /** Name of the environment variable {@link #fromEnvironment()} reads. */
  String DEFAULT_ENVIRONMENT_VARIABLE = "SCREENTRAIL_KEY";

  /**
   * The key, 32 bytes for AES-256.
   *
   * @throws SessionException when there is no usable key, saying where it was looked for
   */
  SecretKey key() throws SessionException;

  /** A key the embedding agent holds: 32 bytes, copied. */
  static KeyProvider of(byte[] key) {
    SecretKey k = checked(Objects.requireNonNull(key, "key").clone(), "the key given");
    return () -> k;
  }

  /** A key the embedding agent holds; it must be a 32-byte AES key. */
  static KeyProvider of(SecretKey key) {
    Objects.requireNonNull(key, "key");
    byte[] raw = key.getEncoded();
    if (raw == null) {
      throw new IllegalArgumentException("the key cannot be exported (getEncoded() is null):"
          + " give the 32 key bytes instead");
    }
    SecretKey k = checked(raw, "the key given");
    return () -> k;
  }

  /**
   * A key file: 32 raw bytes, 64 hexadecimal digits or base64 of 32 bytes. The file is read when
   * the key is needed and refused when its group or other users may read it.
   */
  static KeyProvider fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    return () -> readKeyFile(file);
  }

  /** The key in the environment variable {@code SCREENTRAIL_KEY}, as hex or base64. */
  static KeyProvider fromEnvironment() {
    return fromEnvironment(DEFAULT_ENVIRONMENT_VARIABLE);
  }

  /** The key in environment variable {@code name}, as 64 hex digits or base64 of 32 bytes. */
  static KeyProvider fromEnvironment(String name) {
    Objects.requireNonNull(name, "name");
    return () -> {
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        throw new SessionException("The environment variable " + name + " is not set: put the"
            + " key there (64 hex digits, e.g. from `screentrail keygen`) or use a key file.");
      }
      return parse(value, "the environment variable " + name);
    };
  }

  /**
   * Parses a key written as text: 64 hexadecimal digits or the base64 of 32 bytes, surrounding
   * white space ignored.
   *
   * @param origin where the text came from, for the error message
   * @throws SessionException naming {@code origin} when the text is not a 256-bit key
   */
  static SecretKey parse(String text, String origin) throws SessionException {
    String t = text.strip();
    byte[] raw = null;
    if (t.length() == 64 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      raw = HexFormat.of().parseHex(t);
    } else {
      try {
        raw = Base64.getDecoder().decode(t);
      } catch (IllegalArgumentException e) {
        raw = null;
      }
    }
    if (raw == null || raw.length != 32) {
      throw new SessionException(origin + " does not hold a 256-bit key: expected 64 hex digits"
          + " or the base64 of 32 bytes (make one with `screentrail keygen --out FILE`).");
    }
    return new SecretKeySpec(raw, "AES");
  }

  /** A new random key, 32 bytes from a {@link java.security.SecureRandom}. */
  static byte[] generate() {
    byte[] k = new byte[32];
    new java.security.SecureRandom().nextBytes(k);
    return k;
  }

  private static SecretKey checked(byte[] raw, String origin) {
    if (raw.length != 32) {
      throw new IllegalArgumentException(origin + " must be 32 bytes (AES-256), was "
          + raw.length);
    }
    return new SecretKeySpec(raw, "AES");
  }

  private static SecretKey readKeyFile(Path file) throws SessionException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new SessionException("The key file " + file + " can be read by other users"
              + " (permissions " + java.nio.file.attribute.PosixFilePermissions.toString(perms)
              + "): run `chmod 600 " + file + "` and keep it that way.");
        }
      }
    } catch (UnsupportedOperationException e) {
      // No POSIX permissions on this file system; nothing to check.
    } catch (NoSuchFileException e) {
      throw new SessionException("The key file " + file + " does not exist: give the file"
          + " `screentrail keygen --out FILE` wrote.");
    } catch (IOException e) {
      throw new SessionException("Cannot read the key file " + file + ": " + e.getMessage(), e);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SessionException("Cannot read the key file " + file + ": " + e.getMessage(), e);
    }
    try {
      if (bytes.length == 32) {
        return new SecretKeySpec(bytes, "AES");
      }
      return parse(new String(bytes, StandardCharsets.US_ASCII), "The key file " + file);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
