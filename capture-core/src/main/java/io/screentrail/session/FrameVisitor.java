package io.screentrail.session;

import java.io.IOException;

/** Receives the stored frames of a session in time order, each rebuilt as a whole image. */
@FunctionalInterface
public interface FrameVisitor {

  /** One frame; {@code frame} is valid only during the call. */
  void visit(FrameView frame) throws IOException;
}
