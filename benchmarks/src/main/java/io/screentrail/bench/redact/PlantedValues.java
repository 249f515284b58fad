package io.screentrail.bench.redact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fake values planted in a probe's scene, and when a reading of a frame gives one of them
 * away: enough of it, in order, for a person to recover the value or most of it.
 *
 * <ul>
 *   <li>card, phone: 8 digits of it in a row; SSN: 7. Digits are taken from the whole text with
 *       separators dropped, after OCR's look-alikes in a token of two digits or more are read as
 *       digits ({@code O} as 0, {@code l}, {@code I}, {@code |} as 1, {@code S} as 5, {@code B}
 *       as 8).
 *   <li>IBAN, AWS key: 10 of its letters and digits in a row (spaces dropped, case folded).
 *   <li>password: 6 of its characters in a row (spaces dropped, case folded).
 *   <li>e-mail: the whole local part and the domain's name, both in the text.
 * </ul>
 */
final class PlantedValues {

  private record Value(String kind, String text) {}

  private final List<Value> values;

  private PlantedValues(List<Value> values) {
    this.values = values;
  }

  /** Reads {@code kind<TAB>value} lines. */
  static PlantedValues load(Path file) throws IOException {
    List<Value> values = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        values.add(new Value(line.substring(0, tab), line.substring(tab + 1)));
      }
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no kind<TAB>value lines in " + file);
    }
    return new PlantedValues(values);
  }

  /** {@code kind value: the piece read} for the first value legible in {@code text}, or null. */
  String legible(String text) {
    String digits = digits(text);
    String compact = text.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    for (Value v : values) {
      String piece = switch (v.kind()) {
        case "card", "phone" -> run(digits(v.text()), digits, 8);
        case "ssn" -> run(digits(v.text()), digits, 7);
        case "iban", "aws" -> run(alnum(v.text()), alnum(text), 10);
        case "password" -> run(v.text().toLowerCase(Locale.ROOT), compact, 6);
        case "email" -> email(v.text().toLowerCase(Locale.ROOT), compact);
        default -> throw new IllegalArgumentException("unknown kind " + v.kind());
      };
      if (piece != null) {
        return v.kind() + " " + v.text() + ": " + piece;
      }
    }
    return null;
  }

  private static String email(String address, String compact) {
    int at = address.indexOf('@');
    String local = address.substring(0, at);
    String domain = address.substring(at + 1, address.lastIndexOf('.'));
    return compact.contains(local) && compact.contains(domain) ? local + " + " + domain : null;
  }

  /** The first {@code n} characters in a row of {@code value} found in {@code text}, or null. */
  private static String run(String value, String text, int n) {
    for (int i = 0; i + n <= value.length(); i++) {
      String piece = value.substring(i, i + n);
      if (text.contains(piece)) {
        return piece;
      }
    }
    return null;
  }

  private static String alnum(String s) {
    return s.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }

  /** The digits of {@code text}, look-alikes in digit-bearing tokens read as digits. */
  private static String digits(String text) {
    StringBuilder out = new StringBuilder();
    for (String token : text.split("\\s+")) {
      boolean numeric = token.chars().filter(Character::isDigit).count() >= 2;
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c >= '0' && c <= '9') {
          out.append(c);
        } else if (numeric) {
          switch (c) {
            case 'O', 'o' -> out.append('0');
            case 'l', 'I', '|' -> out.append('1');
            case 'S' -> out.append('5');
            case 'B' -> out.append('8');
            default -> { }
          }
        }
      }
    }
    return out.toString();
  }
}
