package org.esarchiver.sink;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an index's archive goes: the job's destination template ({job}, {index}, {date} as yyyy-MM-dd, or
 * {date:pattern}) rendered for one index. The rendered path is a directory holding only that index's files.
 */
public final class ArchiveLayout {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(job|index|date)(?::([^}]+))?}");
  private static final DateTimeFormatter DEFAULT_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

  private final String template;

  public ArchiveLayout(String template) {
    this.template = template;
  }

  /**
   * The directory all of a job's archives share: the template's leading segments that name neither the index nor its
   * date (/archive/{job}/dt={date}/ -> /archive/logs). Job-wide files such as the job's schema live there.
   */
  public String jobRoot(String job) {
    StringBuilder root = new StringBuilder();
    for (String segment : template.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.contains("{index") || segment.contains("{date")) {
        break;
      }
      root.append('/').append(segment.replace("{job}", job));
    }
    return root.length() == 0 ? "/" : root.toString();
  }

  public String render(String job, String index, LocalDate date) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      String value = switch (matcher.group(1)) {
        case "job" -> job;
        case "index" -> index;
        default -> matcher.group(2) == null
            ? DEFAULT_DATE.format(date)
            : DateTimeFormatter.ofPattern(matcher.group(2), Locale.ROOT).format(date);
      };
      matcher.appendReplacement(path, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(path);
    String rendered = path.toString();
    return rendered.length() > 1 && rendered.endsWith("/") ? rendered.substring(0, rendered.length() - 1) : rendered;
  }
}
