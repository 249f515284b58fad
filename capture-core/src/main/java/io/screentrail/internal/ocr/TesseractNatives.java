package io.screentrail.internal.ocr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import net.sourceforge.tess4j.TessAPI;
import org.bytedeco.javacpp.Loader;

/**
 * Makes Tess4J run on the Tesseract and Leptonica builds that JavaCPP ships on Maven Central.
 *
 * <p>Tess4J loads {@code libtesseract} through JNA, which searches {@code jna.library.path} first
 * and silently falls back to the system's libraries (Debian's Leptonica is too old for Tess4J
 * 5.20, and two libtesseract builds in one JVM must never mix). So before anything touches
 * Tess4J, this loads JavaCPP's natives (which unpacks them into its cache with the unversioned
 * links JNA looks for), puts both folders first on {@code jna.library.path}, and extracts the
 * {@code eng.traineddata} model that the Tess4J jar carries. {@link #version()} proves which build
 * answered.
 */
public final class TesseractNatives {

  private static Path tessdata;
  private static String version;
  private static RuntimeException failure;

  private TesseractNatives() {}

  /**
   * Loads the natives once per process.
   *
   * @return the folder holding {@code eng.traineddata}
   * @throws IllegalStateException when they cannot be loaded, saying why
   */
  public static synchronized Path load() {
    if (failure != null) {
      throw failure;
    }
    if (tessdata != null) {
      return tessdata;
    }
    try {
      // Tess4J logs through slf4j-api; without a backend slf4j prints a warning on every start.
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
      }
      String tess = Loader.load(org.bytedeco.tesseract.global.tesseract.class);
      String lept = Loader.load(org.bytedeco.leptonica.global.leptonica.class);
      String dirs = Path.of(tess).getParent() + java.io.File.pathSeparator
          + Path.of(lept).getParent();
      String previous = System.getProperty("jna.library.path");
      System.setProperty("jna.library.path",
          previous == null || previous.isEmpty() ? dirs : dirs + java.io.File.pathSeparator + previous);
      tessdata = extractModel();
      version = TessAPI.INSTANCE.TessVersion();
      return tessdata;
    } catch (IOException | RuntimeException | LinkageError e) {
      failure = new IllegalStateException("Tesseract OCR cannot be loaded (" + e + "); it comes"
          + " from the org.bytedeco:tesseract and leptonica artifacts pinned in native-config", e);
      throw failure;
    }
  }

  /** The loaded libtesseract's version (5.5.2 for the pinned JavaCPP build). */
  public static synchronized String version() {
    load();
    return version;
  }

  private static Path extractModel() throws IOException {
    Path dir = Loader.getCacheDir().toPath().resolve("screentrail-tessdata");
    Path model = dir.resolve("eng.traineddata");
    try (InputStream in = TessAPI.class.getClassLoader()
        .getResourceAsStream("tessdata/eng.traineddata")) {
      if (in == null) {
        throw new IOException("tessdata/eng.traineddata is missing from the Tess4J jar");
      }
      if (!Files.exists(model)) {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "eng", ".tmp");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, model, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }
}
