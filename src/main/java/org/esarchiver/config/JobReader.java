package org.esarchiver.config;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.quartz.CronExpression;

/** Binds the tree of a jobs/&lt;name&gt;.yaml file to {@link JobDefinition}, checking every value. */
final class JobReader {
  static final String[] TOP_LEVEL_KEYS =
      {"description", "indices", "exclude", "include_closed", "include_empty", "keep_newest", "age", "destination",
          "array_fields", "array_sample_size", "columns", "keep_source", "parquet", "scroll", "schedule", "write_block",
          "after_archive"};
  /** Types a job may pin a column to with columns: (field path: type). */
  static final Set<String> PINNABLE_TYPES = Set.of("keyword", "text", "ip", "version", "long", "integer", "short",
      "byte", "unsigned_long", "double", "float", "half_float", "scaled_float", "boolean", "date", "date_nanos",
      "binary", "flattened", "geo_point");
  static final int DEFAULT_ARRAY_SAMPLE_SIZE = 1000;
  static final ZoneId UTC = ZoneId.of("UTC");
  static final ParquetOptions DEFAULT_PARQUET = new ParquetOptions(CompressionCodecName.SNAPPY, false, 128L << 20,
      ParquetOptions.DEFAULT_FILE_BYTES);
  static final ScrollOptions DEFAULT_SCROLL = new ScrollOptions(5000, Duration.ofMinutes(5), 4);

  /** Characters Elasticsearch does not allow in index names, plus ',' which would smuggle in a second pattern. */
  private static final String FORBIDDEN_IN_INDEX_PATTERN = ",\"/\\|?<>";
  private static final Pattern FIELD_PATH = Pattern.compile("[^.]+(\\.[^.]+)*");
  private static final Map<String, CompressionCodecName> COMPRESSION_CODECS = Map.of(
      "uncompressed", CompressionCodecName.UNCOMPRESSED,
      "snappy", CompressionCodecName.SNAPPY,
      "gzip", CompressionCodecName.GZIP,
      "zstd", CompressionCodecName.ZSTD,
      "lz4_raw", CompressionCodecName.LZ4_RAW);

  private static final Map<String, AgeRule.Source> AGE_SOURCES = Map.of(
      "name", AgeRule.Source.NAME, "creation_date", AgeRule.Source.CREATION_DATE, "field", AgeRule.Source.FIELD);
  private static final Map<String, PostArchiveAction> POST_ARCHIVE_ACTIONS = Map.of(
      "none", PostArchiveAction.NONE, "read_only", PostArchiveAction.READ_ONLY, "close", PostArchiveAction.CLOSE,
      "delete", PostArchiveAction.DELETE);

  private JobReader() {}

  static JobDefinition read(String name, Path file, Section root) {
    List<String> indexPatterns = root.required("indices", ValueTypes.nonEmpty(ValueTypes.list(
        "a list of index patterns such as [\"logs-*\"]", indexPattern(), false)));
    IndexFilters filters = filters(root);
    AgeRule age = age(root.section("age", "source", "date_pattern", "field", "time_zone", "older_than"));
    String destination = root.optional("destination", DestinationTemplate.type(), JobDefinition.DEFAULT_DESTINATION);
    Set<String> arrayFields = root.optional("array_fields", ValueTypes.list(
        "a list of dotted field paths such as [tags, http.request.headers]", fieldPath(), false), List.<String>of())
        .stream().collect(LinkedHashSet::new, Set::add, Set::addAll);
    int arraySampleSize = root.optional("array_sample_size", ValueTypes.integer(0, 10_000), DEFAULT_ARRAY_SAMPLE_SIZE);
    Map<String, String> columns = root.optional("columns", pinnedColumns(), Map.of());
    boolean keepSource = root.optional("keep_source", ValueTypes.bool(), false);
    ParquetOptions parquet = parquet(root.section("parquet", "compression", "avro_safe_names", "row_group_size",
        "file_size"));
    ScrollOptions scroll = scroll(root.section("scroll", "batch_size", "keep_alive", "max_slices", "api"));
    Optional<Schedule> schedule = root.optionalSection("schedule", "cron", "time_zone", "misfire").map(JobReader::schedule);
    Lifecycle lifecycle = lifecycle(root);
    return new JobDefinition(name, file, indexPatterns, age, destination,
        Collections.unmodifiableSet(arrayFields), arraySampleSize, columns, keepSource, parquet, scroll, schedule,
        filters, lifecycle);
  }

  private static IndexFilters filters(Section root) {
    List<String> exclude = root.optional("exclude", ValueTypes.list(
        "a list of index patterns such as [\"logs-debug-*\", \"/-test$/\"]", indexPattern(), false), List.of());
    boolean includeClosed = root.optional("include_closed", ValueTypes.bool(), IndexFilters.DEFAULT.includeClosed());
    boolean includeEmpty = root.optional("include_empty", ValueTypes.bool(), IndexFilters.DEFAULT.includeEmpty());
    int keepNewest = root.optional("keep_newest", ValueTypes.integer(0, 100_000), IndexFilters.DEFAULT.keepNewest());
    return new IndexFilters(exclude, includeClosed, includeEmpty, keepNewest);
  }

  private static Lifecycle lifecycle(Section root) {
    boolean writeBlock = root.optional("write_block", ValueTypes.bool(), Lifecycle.DEFAULT.writeBlock());
    PostArchiveAction after = root.optional("after_archive", ValueTypes.choice(POST_ARCHIVE_ACTIONS),
        Lifecycle.DEFAULT.afterArchive());
    if (after == PostArchiveAction.DELETE && !writeBlock) {
      throw root.field("after_archive").problem("delete needs write_block: true (documents written to the index "
          + "after it was read would be lost with it)", "write_block: true, or after_archive none, read_only or close");
    }
    return new Lifecycle(writeBlock, after);
  }

  private static ValueType<Map<String, String>> pinnedColumns() {
    String expected = "a mapping of field paths to Elasticsearch types such as {status: long, \"@timestamp\": date}";
    return ValueType.of(expected, field -> {
      Map<String, String> columns = new java.util.LinkedHashMap<>();
      field.entries(expected).forEach((path, value) -> {
        String type = value.text("an Elasticsearch field type").trim();
        if (!FIELD_PATH.matcher(path).matches()) {
          throw value.problem(Field.show(path) + " is not a field path", "a dotted field path such as http.status");
        }
        if (!PINNABLE_TYPES.contains(type)) {
          throw value.problem(Field.show(type) + " cannot be pinned",
              "one of " + String.join(", ", new java.util.TreeSet<>(PINNABLE_TYPES)));
        }
        columns.put(path, type);
      });
      return Collections.unmodifiableMap(columns);
    });
  }

  private static ValueType<String> indexPattern() {
    String expected = "an index, alias or data stream pattern such as logs-* (letters, digits, '-', '_', '.', '*'; "
        + "one pattern per item), or a regular expression written /.../";
    return ValueType.of(expected, field -> {
      String pattern = field.text(expected).trim();
      if (pattern.startsWith("/")) {
        return regexPattern(field, pattern, expected);
      }
      for (char c : pattern.toCharArray()) {
        if (Character.isWhitespace(c) || FORBIDDEN_IN_INDEX_PATTERN.indexOf(c) >= 0) {
          String character = Character.isWhitespace(c) ? "whitespace" : "'" + c + "'";
          throw field.problem(Field.show(pattern) + " contains " + character, expected);
        }
      }
      return pattern;
    });
  }

  private static String regexPattern(Field field, String pattern, String expected) {
    if (pattern.length() < 3 || !pattern.endsWith("/")) {
      throw field.problem(Field.show(pattern) + " is not a regular expression written /.../", expected);
    }
    try {
      Pattern.compile(pattern.substring(1, pattern.length() - 1));
      return pattern;
    } catch (PatternSyntaxException e) {
      throw field.problem("invalid regular expression " + Field.show(pattern) + " (" + e.getDescription()
          + " near index " + e.getIndex() + ")", "a java.util.regex expression between slashes, such as /^logs-\\d+$/");
    }
  }

  private static ValueType<String> fieldPath() {
    return ValueTypes.matching(path -> FIELD_PATH.matcher(path).matches(),
        "a dotted field path such as http.request.headers");
  }

  private static AgeRule age(Section section) {
    AgeRule.Source source = section.optional("source", ValueTypes.choice(AGE_SOURCES), AgeRule.Source.NAME);
    ZoneId timeZone = section.optional("time_zone", ValueTypes.zoneId(), UTC);
    Duration olderThan = section.required("older_than", Quantities.duration(Duration.ZERO, "7d"));
    if (source != AgeRule.Source.NAME) {
      rejectUnless(section, "date_pattern", "source: name");
    }
    if (source != AgeRule.Source.FIELD) {
      rejectUnless(section, "field", "source: field");
    }
    return switch (source) {
      case NAME -> new AgeRule(section.required("date_pattern", ValueTypes.dateTimePattern(true)), timeZone,
          olderThan);
      case CREATION_DATE -> AgeRule.creationDate(timeZone, olderThan);
      case FIELD -> AgeRule.newestValue(section.required("field", fieldPath()), timeZone, olderThan);
    };
  }

  private static void rejectUnless(Section section, String key, String needed) {
    Field value = section.field(key);
    if (value.isSet()) {
      throw value.problem("only used with " + needed, "no " + key + " with this source, or " + needed);
    }
  }

  private static ParquetOptions parquet(Section section) {
    CompressionCodecName compression = section.optional("compression", compression(), DEFAULT_PARQUET.compression());
    boolean avroSafeNames = section.optional("avro_safe_names", ValueTypes.bool(), DEFAULT_PARQUET.avroSafeNames());
    long rowGroupBytes = section.optional("row_group_size", Quantities.byteSize(1L << 20, "128MB"),
        DEFAULT_PARQUET.rowGroupBytes());
    long fileBytes = section.optional("file_size", Quantities.byteSize(64L << 10, "256MB"),
        DEFAULT_PARQUET.fileBytes());
    return new ParquetOptions(compression, avroSafeNames, rowGroupBytes, fileBytes);
  }

  private static ValueType<CompressionCodecName> compression() {
    String expected = "one of uncompressed, snappy, gzip, zstd, lz4_raw";
    return ValueType.of(expected, field -> {
      CompressionCodecName codec = COMPRESSION_CODECS.get(field.text(expected).trim().toLowerCase(Locale.ROOT));
      if (codec == null) {
        throw field.invalid(expected);
      }
      return codec;
    });
  }

  private static ScrollOptions scroll(Section section) {
    int batchSize = section.optional("batch_size", ValueTypes.integer(1, 10_000), DEFAULT_SCROLL.batchSize());
    Duration keepAlive = section.optional("keep_alive", Quantities.duration(Duration.ofSeconds(1), "5m"),
        DEFAULT_SCROLL.keepAlive());
    int maxSlices = section.optional("max_slices", ValueTypes.integer(1, 64), DEFAULT_SCROLL.maxSlices());
    ScrollOptions.ReadApi api = section.optional("api", ValueTypes.choice(Map.of("scroll",
        ScrollOptions.ReadApi.SCROLL, "point_in_time", ScrollOptions.ReadApi.POINT_IN_TIME)), DEFAULT_SCROLL.api());
    return new ScrollOptions(batchSize, keepAlive, maxSlices, api);
  }

  private static Schedule schedule(Section section) {
    String cron = section.required("cron", cronExpression());
    ZoneId timeZone = section.optional("time_zone", ValueTypes.zoneId(), UTC);
    Schedule.Misfire misfire = section.optional("misfire", ValueTypes.choice(Map.of(
        "run_once", Schedule.Misfire.RUN_ONCE, "skip", Schedule.Misfire.SKIP)), Schedule.Misfire.RUN_ONCE);
    return new Schedule(cron, timeZone, misfire);
  }

  private static ValueType<String> cronExpression() {
    String expected = "a Quartz cron expression: seconds minutes hours day-of-month month day-of-week [year], "
        + "such as \"0 30 1 * * ?\"";
    return ValueType.of(expected, field -> {
      String cron = field.text(expected).trim();
      try {
        CronExpression.validateExpression(cron);
        return cron;
      } catch (ParseException | RuntimeException e) {
        String reason = e.getMessage() == null ? "" : " (" + e.getMessage().strip() + ")";
        throw field.problem("invalid cron expression " + Field.show(cron) + reason, expected);
      }
    });
  }
}
