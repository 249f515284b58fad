package io.screentrail.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for the records of one encrypted session. Each session encrypts under its own data
 * key, HMAC-SHA256(master key, "screentrail-session-key" || session id), so a nonce only has to be
 * unique within the session: it is a random 4-byte prefix chosen when the session is created and
 * a 64-bit counter over both files. The associated data binds a record to the session, the file
 * and the offset of its header, so records cannot be moved, swapped or taken from another session.
 *
 * <p>A stored payload is {@code nonce(12) || ciphertext || tag(16)}. One instance per thread: the
 * writer's lives on the encoder thread and reuses its cipher, associated-data array and output
 * buffer; a record costs the GCM parameter object.
 */
final class SessionCipher {

  static final String ALGORITHM = "AES-256-GCM";
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  /** Bytes a sealed payload has beyond its plaintext. */
  static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;
  static final byte FILE_TIMELINE = 'T';
  static final byte FILE_FRAMES = 'F';

  private static final byte[] KEY_CHECK_AAD =
      "screentrail-key-check".getBytes(StandardCharsets.US_ASCII);

  private final SecretKey dataKey;
  private final Cipher cipher;
  private final byte[] nonce = new byte[NONCE_BYTES];
  // session id (UTF-8, up to 36 bytes of a UUID), file tag, header offset
  private final byte[] aad;
  private final int aadPrefix;
  private long counter;
  private ByteBuffer out = ByteBuffer.allocate(64 * 1024);

  private SessionCipher(SecretKey master, String sessionId) throws GeneralSecurityException {
    byte[] id = sessionId.getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(master.getEncoded(), "HmacSHA256"));
    mac.update("screentrail-session-key".getBytes(StandardCharsets.US_ASCII));
    this.dataKey = new SecretKeySpec(mac.doFinal(id), "AES");
    this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    this.aad = new byte[id.length + 9];
    System.arraycopy(id, 0, aad, 0, id.length);
    this.aadPrefix = id.length;
    new SecureRandom().nextBytes(nonce); // the first 4 bytes stay: the session's prefix
  }

  /** A cipher for the session {@code sessionId} under {@code master}. */
  static SessionCipher create(SecretKey master, String sessionId) throws SessionException {
    try {
      return new SessionCipher(master, sessionId);
    } catch (GeneralSecurityException e) {
      throw new SessionException("AES-256-GCM is not available in this Java runtime: "
          + e.getMessage(), e);
    }
  }

  /** The manifest's {@code encryption} object: algorithm, key id and key check value. */
  static Map<String, Object> describe(SecretKey master) throws SessionException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", ALGORITHM);
    m.put("keyId", keyId(master));
    m.put("keyCheck", keyCheck(master));
    m.put("nonce", "4-byte random session prefix || u64 little-endian record counter");
    m.put("associatedData", "sessionId (UTF-8) || file ('T' timeline, 'F' frames)"
        + " || u64 little-endian offset of the record header");
    m.put("keyDerivation", "HMAC-SHA256(key, 'screentrail-session-key' || sessionId)");
    return m;
  }

  /**
   * A short public name of a key: the first 8 bytes of HMAC-SHA256(key, "screentrail-key-id"),
   * in hex. It tells keys apart without revealing them.
   */
  static String keyId(SecretKey master) throws SessionException {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master.getEncoded(), "HmacSHA256"));
      byte[] h = mac.doFinal("screentrail-key-id".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new SessionException("HMAC-SHA256 is not available: " + e.getMessage(), e);
    }
  }

  /** Base64 of a random nonce and the AES-GCM encryption of 16 zero bytes under the key. */
  private static String keyCheck(SecretKey master) throws SessionException {
    try {
      byte[] n = new byte[NONCE_BYTES];
      new SecureRandom().nextBytes(n);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(TAG_BYTES * 8, n));
      c.updateAAD(KEY_CHECK_AAD);
      byte[] sealed = c.doFinal(new byte[16]);
      byte[] all = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(n, 0, all, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, all, NONCE_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(all);
    } catch (GeneralSecurityException e) {
      throw new SessionException("AES-256-GCM is not available: " + e.getMessage(), e);
    }
  }

  /** Whether {@code master} is the key that made {@code check}. */
  static boolean matches(SecretKey master, String check) {
    try {
      byte[] all = Base64.getDecoder().decode(check);
      if (all.length != NONCE_BYTES + 16 + TAG_BYTES) {
        return false;
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, master,
          new GCMParameterSpec(TAG_BYTES * 8, all, 0, NONCE_BYTES));
      c.updateAAD(KEY_CHECK_AAD);
      c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Encrypts {@code plain} (position to limit, consumed) for the record whose header is at
   * {@code offset} in {@code file}.
   *
   * @return the sealed payload, {@code nonce || ciphertext || tag}; valid until the next call
   */
  ByteBuffer seal(ByteBuffer plain, byte file, long offset) throws SessionException {
    int need = plain.remaining() + OVERHEAD;
    if (out.capacity() < need) {
      out = ByteBuffer.allocate(Math.max(need, out.capacity() * 2));
    }
    long n = counter++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (n >>> (8 * i));
    }
    associatedData(file, offset);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(aad);
      out.clear();
      out.put(nonce);
      cipher.doFinal(plain, out);
    } catch (GeneralSecurityException e) {
      throw new SessionException("encryption failed: " + e.getMessage(), e);
    }
    out.flip();
    return out;
  }

  /**
   * Decrypts a sealed payload (position to limit) stored at {@code offset} in {@code file}.
   *
   * @return the plaintext in a heap buffer valid until the next call, or {@code null} when the
   *     payload does not authenticate: changed bytes, a wrong place, or another session's record
   */
  ByteBuffer open(ByteBuffer sealed, byte file, long offset) {
    int length = sealed.remaining();
    if (length < OVERHEAD) {
      return null;
    }
    if (out.capacity() < length) {
      out = ByteBuffer.allocate(Math.max(length, out.capacity() * 2));
    }
    byte[] iv = new byte[NONCE_BYTES];
    sealed.duplicate().get(iv);
    ByteBuffer body = sealed.duplicate();
    body.position(body.position() + NONCE_BYTES);
    associatedData(file, offset);
    try {
      cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BYTES * 8, iv));
      cipher.updateAAD(aad);
      out.clear();
      cipher.doFinal(body, out);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      return null;
    }
    out.flip();
    return out;
  }

  private void associatedData(byte file, long offset) {
    aad[aadPrefix] = file;
    for (int i = 0; i < 8; i++) {
      aad[aadPrefix + 1 + i] = (byte) (offset >>> (8 * i));
    }
  }
}
