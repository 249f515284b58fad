package io.screentrail.redact;

import java.nio.ByteBuffer;

/** Reads one text line from a grey image; {@link OcrEngine} is the implementation. */
public interface LineOcr extends AutoCloseable {

  /** Reads the line in {@code gray} (dark text on light, {@code stride} bytes a row). */
  OcrLine read(ByteBuffer gray, int width, int height, int stride);

  @Override
  void close();
}
