package io.screentrail.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page template ({@code report.html} beside this class): inline style and script, the
 * session model in a JSON script element, and a place where embedded frames go.
 */
final class ReportPage {

  /** Where the single-file report puts its frames: before the script that reads them. */
  static final String FRAMES_MARK = "<!--FRAMES-->";
  /** The model's {@code mode} when frames are embedded in the page. */
  static final String EMBEDDED = "embedded";
  /** The model's {@code mode} when frames are fetched from {@code frames/N.jpg}. */
  static final String SERVED = "served";

  private static final String TEMPLATE = load();

  private ReportPage() {}

  private static String load() {
    try (InputStream in = ReportPage.class.getResourceAsStream("report.html")) {
      if (in == null) {
        throw new IllegalStateException("report.html is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page for {@code report}, split at {@link #FRAMES_MARK}: {@code [head, tail]}. */
  static String[] render(SessionReport report, String mode) {
    Object name = report.model().get("directory");
    String title = "Screentrail session " + (name == null ? "" : name);
    String page = TEMPLATE.replace("{{TITLE}}", escapeHtml(title))
        .replace("{{MODEL}}", report.modelJson(mode));
    int mark = page.indexOf(FRAMES_MARK);
    return new String[] {page.substring(0, mark), page.substring(mark + FRAMES_MARK.length())};
  }

  static String escapeHtml(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
