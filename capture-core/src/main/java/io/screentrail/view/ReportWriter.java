package io.screentrail.view;

import io.screentrail.ImageFormat;
import io.screentrail.session.TimelineRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a session as one self-contained HTML file: the timeline, the actions drawn on their
 * before and after frames, redaction boxes, pauses, drops and counters, with every stored frame
 * embedded as a JPEG {@code data:} URI. Opens in a browser without network access.
 *
 * <p>Frames are rebuilt, encoded and written one at a time, so memory stays at one frame however
 * long the session. The file is written beside its name and renamed when complete, so a
 * half-written report never replaces a good one.
 */
public final class ReportWriter {

  /** JPEG quality of embedded frames: text stays legible at about a third of PNG's bytes. */
  public static final int JPEG_QUALITY = 80;

  private ReportWriter() {}

  /**
   * What a report holds.
   *
   * @param frames frames embedded
   * @param actions actions shown
   * @param bytes size of the file
   * @param problems frames that could not be rebuilt, and why
   */
  public record Result(long frames, long actions, long bytes, List<String> problems) {}

  /** Writes {@code report} to {@code html}, replacing nothing that exists: the caller checks. */
  public static Result write(SessionReport report, Path html) throws IOException {
    Path tmp = html.resolveSibling(html.getFileName() + ".part");
    String[] page = ReportPage.render(report, ReportPage.EMBEDDED);
    Map<Long, Integer> indexOf = new HashMap<>();
    List<TimelineRecord> records = report.frameRecords();
    for (int i = 0; i < records.size(); i++) {
      indexOf.put(records.get(i).offset(), i);
    }
    List<String> problems = new ArrayList<>();
    long frames;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
      out.write(page[0].getBytes(StandardCharsets.UTF_8));
      Base64.Encoder base64 = Base64.getEncoder();
      byte[] open = "<script>STF[".getBytes(StandardCharsets.US_ASCII);
      byte[] mid = "]=\"data:image/jpeg;base64,".getBytes(StandardCharsets.US_ASCII);
      byte[] close = "\";</script>\n".getBytes(StandardCharsets.US_ASCII);
      frames = report.reader().replay(records, frame -> {
        out.write(open);
        out.write(Integer.toString(indexOf.get(frame.record().offset()))
            .getBytes(StandardCharsets.US_ASCII));
        out.write(mid);
        out.write(base64.encode(frame.encode(ImageFormat.JPEG, JPEG_QUALITY)));
        out.write(close);
      }, problems);
      out.write(page[1].getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, html, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Result(frames, report.actionCount(), Files.size(html), problems);
  }
}
