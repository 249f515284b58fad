package io.screentrail.cli;

import io.screentrail.session.KeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code screentrail keygen --out FILE}: writes a new random 256-bit session key as 64 hex digits
 * to a new file that only its owner can read.
 */
final class KeygenCommand {

  static final String HELP = """
      Usage: screentrail keygen --out FILE

      Writes a new random 256-bit key (64 hex digits) to FILE, created with permissions 600
      (never overwritten). Record with it and read the session back with the same file:
        screentrail record --out session --key-file FILE
        screentrail inspect session --key-file FILE
      Keep the file apart from the sessions: without it they cannot be read.
      """;

  private KeygenCommand() {}

  static int run(List<String> argv, Cli cli) throws UsageException {
    Args args = Args.parse("keygen", argv, List.of("--out"), List.of(), 0);
    if (args.help()) {
      cli.out().print(HELP);
      return Main.OK;
    }
    Path out = Path.of(args.required("--out", "the key file to create, such as --out"
        + " session.key"));
    byte[] key = KeyProvider.generate();
    try {
      Files.write(Files.createFile(out, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------"))),
          (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      throw new UsageException("--out " + out + " already exists: a key is never overwritten"
          + " (the sessions made with it could no longer be read); give a new file name");
    } catch (IOException | UnsupportedOperationException e) {
      cli.message("cannot write the key to " + out + ": " + e.getMessage());
      return Main.FAILED;
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
    cli.out().println("Wrote a new 256-bit key to " + out.toAbsolutePath().normalize()
        + " (readable by you only). Record with --key-file " + Cli.shellWord(out) + ".");
    return Main.OK;
  }
}
