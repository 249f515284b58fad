package io.screentrail.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One application rule of a {@link Policy}: a window matches when its X11 {@code WM_CLASS}
 * class or instance equals {@code windowClass} (ignoring case; {@code *} matches any) and, when
 * a title pattern is given, its title contains a match of it.
 *
 * @param windowClass the {@code WM_CLASS} class or instance name, or {@code *}
 * @param title a regular expression searched in the window title, or {@code null} for any title
 */
public record AppRule(String windowClass, Pattern title) {

  public AppRule {
    Objects.requireNonNull(windowClass, "windowClass");
    if (windowClass.isBlank()) {
      throw new IllegalArgumentException("an application rule's window class must not be blank;"
          + " use * for any class");
    }
  }

  /**
   * A rule from its text form: {@code CLASS} or {@code CLASS:TITLE_REGEX}.
   *
   * @throws IllegalArgumentException naming the rule when the class is blank or the regex invalid
   */
  public static AppRule parse(String text) {
    Objects.requireNonNull(text, "rule");
    int colon = text.indexOf(':');
    String cls = colon < 0 ? text : text.substring(0, colon);
    String title = colon < 0 ? null : text.substring(colon + 1);
    return of(cls.trim(), title == null || title.isEmpty() ? null : title);
  }

  /** A rule from a class and an optional title regular expression. */
  public static AppRule of(String windowClass, String titleRegex) {
    Pattern p = null;
    if (titleRegex != null) {
      try {
        p = Pattern.compile(titleRegex);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException("title pattern '" + titleRegex + "' of application "
            + windowClass + " is not a valid regular expression: " + e.getDescription());
      }
    }
    return new AppRule(windowClass, p);
  }

  /** Whether a window with these {@code WM_CLASS} parts and title matches. */
  public boolean matches(String instance, String cls, String windowTitle) {
    boolean classMatches = windowClass.equals("*")
        || windowClass.equalsIgnoreCase(cls == null ? "" : cls)
        || windowClass.equalsIgnoreCase(instance == null ? "" : instance);
    if (!classMatches) {
      return false;
    }
    return title == null || title.matcher(windowTitle == null ? "" : windowTitle).find();
  }

  /** The text form, {@code CLASS} or {@code CLASS:TITLE_REGEX}. */
  @Override
  public String toString() {
    return title == null ? windowClass : windowClass + ":" + title.pattern();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppRule r && r.windowClass.equals(windowClass)
        && Objects.equals(r.title == null ? null : r.title.pattern(),
            title == null ? null : title.pattern());
  }

  @Override
  public int hashCode() {
    return Objects.hash(windowClass, title == null ? null : title.pattern());
  }
}
