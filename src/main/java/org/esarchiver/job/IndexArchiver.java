package org.esarchiver.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericData;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.config.ScrollOptions;
import org.esarchiver.convert.ArchiveSchema;
import org.esarchiver.convert.ArrayDetector;
import org.esarchiver.convert.ConvertOptions;
import org.esarchiver.convert.DocumentConverter;
import org.esarchiver.sink.ArchiveLayout;
import org.esarchiver.sink.ArchiveSink;
import org.esarchiver.sink.JobSchema;
import org.esarchiver.sink.Manifest;
import org.esarchiver.sink.SliceFileWriter;
import org.esarchiver.sink.StagedArchive;
import org.esarchiver.sink.WrittenFile;
import org.esarchiver.source.ElasticsearchCatalog;
import org.esarchiver.source.ElasticsearchHttp;
import org.esarchiver.source.HitConverter;
import org.esarchiver.source.HitsPage;
import org.esarchiver.source.PageTooLargeException;
import org.esarchiver.source.PointInTimeReader;
import org.esarchiver.source.ReadSlice;
import org.esarchiver.source.ScrollContextLostException;
import org.esarchiver.source.SliceReader;
import org.esarchiver.source.SlicedScrollReader;
import org.esarchiver.verify.ArchiveVerifier;
import org.esarchiver.verify.IdChecksum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives one index: read (slices in parallel) -> convert -> write (Parquet files per slice, rolled at the job's file
 * size, in staging) -> verify (row counts of every file and in total, and the _id checksum of the files, equal what
 * Elasticsearch holds and what was read) -> commit (atomic rename with manifest). Anything short of a verified commit
 * removes the staging directory and leaves the destination untouched.
 */
public final class IndexArchiver {
  private static final Logger LOG = LoggerFactory.getLogger(IndexArchiver.class);
  static final int SLICE_ATTEMPTS = 3;
  private static final int PROGRESS_STEP = 500;
  /** The JSON bytes of {@code _source} a page may hold, about; see {@link #pageSize}. */
  static final long PAGE_BYTES = 8L << 20;
  /** Documents looked at to size pages. */
  private static final int PAGE_SIZE_PROBE = 20;
  /** Pages waiting between two stages of a slice (fetched for the converter, converted for the writer). */
  private static final int PAGES_AHEAD = 1;
  /**
   * Records the converter hands to the writer at a time: a page of more documents goes in parts. Converted records
   * take about twice the memory of their JSON, and a page of 10,000 handed over whole kept so many alive at once that
   * every young collection copied tens of megabytes and promoted them (GC log of the bench job: 144 young
   * collections taking 5.3 s and 18 full ones, against 70 taking 0.4 s with pages of 1,000).
   */
  static final int RECORDS_PER_HANDOFF = 1000;

  private final ElasticsearchCatalog catalog;
  private final ElasticsearchHttp http;
  private final ArchiveSink sink;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private volatile StagedFilesHook beforeVerify = staged -> { };

  /** Called with the staged files between write and verify: the seam through which tests damage them. */
  @FunctionalInterface
  interface StagedFilesHook {
    void accept(StagedArchive staged);
  }

  public IndexArchiver(ElasticsearchCatalog catalog, ElasticsearchHttp http, ArchiveSink sink, Clock clock) {
    this.catalog = catalog;
    this.http = http;
    this.sink = sink;
    this.clock = clock;
  }

  void beforeVerify(StagedFilesHook hook) {
    this.beforeVerify = hook;
  }

  public Manifest archive(JobDefinition job, PlannedIndex planned, String runId, ProgressListener progress) {
    return archive(job, planned, runId, false, progress);
  }

  /** With {@code replace}, an existing archive of the index is replaced by the new one at commit. */
  public Manifest archive(JobDefinition job, PlannedIndex planned, String runId, boolean replace,
      ProgressListener progress) {
    String index = planned.name();
    Instant started = clock.instant();
    long expected = catalog.countDocuments(index);
    JsonNode mapping = catalog.mapping(index);
    // Shared by the sample and the slices: a page found too large makes the later reads of the index ask for fewer.
    // No more than the index holds, so that a page too large shrinks from the documents it really had.
    AtomicInteger pageSize = new AtomicInteger((int) Math.min(Math.max(1, expected),
        pageSize(job.scroll().batchSize(), catalog.largestSourceBytes(index, PAGE_SIZE_PROBE))));
    ArchiveSchema schema = schemaFor(job, index, mapping, pageSize);
    String jobRoot = new ArchiveLayout(job.destination()).jobRoot(job.name());
    JobSchema jobSchema = sink.jobSchema(jobRoot);
    List<String> conflicts = jobSchema.conflictsWith(schema.fieldTypes());
    conflicts.forEach(conflict -> LOG.warn("{}: {}", index, conflict));
    schema.warnings().forEach(warning -> LOG.warn("{}: {}", index, warning));
    List<ReadSlice> slices = ReadSlice.plan(index,
        sliceCount(planned.candidate().index().primaryShards(), job.scroll().maxSlices(), job.scroll().api()));
    progress.indexStarted(index, expected);

    StagedArchive staged = sink.stage(planned.path(), runId,
        job.parquet().withRowGroupBytes(rowGroupBytes(job.parquet().rowGroupBytes(), slices.size())), replace);
    boolean committed = false;
    try {
      long reading = System.nanoTime();
      SliceResult read = readSlices(job, pageSize, slices, staged, schema, progress);
      long verifying = System.nanoTime();
      LOG.debug("{}: read, converted and wrote {} documents in {} ms", index, read.documents(),
          (verifying - reading) / 1_000_000);
      beforeVerify.accept(staged);
      List<WrittenFile> files = staged.readBack();
      long rows = files.stream().mapToLong(WrittenFile::rows).sum();
      verify(index, expected, read, files, staged, verifying);
      Instant finished = clock.instant();
      Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, job.name(), index, runId, sink.describe(planned.path()),
          expected, planned.candidate().index().storeBytes(), slices.size(), files, rows,
          files.stream().mapToLong(WrittenFile::bytes).sum(), job.parquet().compression().name().toLowerCase(),
          read.overflowValues(), read.overflowDocuments(), schema.fingerprint(),
          json.readTree(schema.avroSchema().toString()), schema.fieldTypes(), schema.originalNames(),
          schema.warnings(), conflicts, mapping, started, finished,
          Duration.between(started, finished).toMillis() / 1000.0, read.ids().value());
      staged.commit(manifest);
      committed = true;
      sink.saveJobSchema(jobRoot, jobSchema.including(index, schema.fieldTypes()), runId);
      return manifest;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ArchiveFailure(index + ": cannot render the schema for the manifest: " + e.getMessage(), e);
    } finally {
      if (!committed) {
        abortQuietly(staged, index);
      }
    }
  }

  /** Fields whose type in this index differs from the job's earlier archives (shown by plan before any reading). */
  public List<String> schemaConflicts(JobDefinition job, String index) {
    ArchiveSchema schema = ArchiveSchema.fromMapping(index, catalog.mapping(index), convertOptions(job));
    return sink.jobSchema(new ArchiveLayout(job.destination()).jobRoot(job.name())).conflictsWith(schema.fieldTypes());
  }

  private static ConvertOptions convertOptions(JobDefinition job) {
    return new ConvertOptions(job.arrayFields(), job.parquet().avroSafeNames())
        .withKeepSource(job.keepSource())
        .withPinnedTypes(job.columns());
  }

  /**
   * The index's schema: its mapping, the job's pinned column types, and list columns for the job's array_fields plus
   * the fields that hold several values in the first array_sample_size documents.
   */
  ArchiveSchema schemaFor(JobDefinition job, String index, JsonNode mapping, AtomicInteger pageSize) {
    ConvertOptions options = convertOptions(job);
    ArchiveSchema declared = ArchiveSchema.fromMapping(index, mapping, options);
    if (job.arraySampleSize() == 0) {
      return declared;
    }
    Set<String> arrays = new TreeSet<>(job.arrayFields());
    arrays.addAll(ArrayDetector.detect(declared, sample(job, index, pageSize)));
    if (arrays.equals(job.arrayFields())) {
      return declared;
    }
    LOG.info("{}: list columns {} (array_fields and fields seen with several values in the first {} documents)",
        index, arrays, job.arraySampleSize());
    return ArchiveSchema.fromMapping(index, mapping, options.withArrayFields(arrays));
  }

  /** The first array_sample_size documents of the index, in pages that fit (see {@link #smallerPageSize}). */
  private List<JsonNode> sample(JobDefinition job, String index, AtomicInteger pageSize) {
    SlicedScrollReader reader = new SlicedScrollReader(http, job.scroll().keepAlive());
    while (true) {
      int size = Math.min(pageSize.get(), job.arraySampleSize());
      try {
        // The converter's parsers, so that the JIT's profile of Jackson's methods from the sample holds for the read.
        return reader.sample(index, job.arraySampleSize(), size, DocumentConverter.parsers());
      } catch (PageTooLargeException e) {
        pageSize.accumulateAndGet(smallerPageSize(index + ": the sample of its first documents", size, e), Math::min);
      }
    }
  }

  /**
   * One slice per primary shard, at most the job's {@code max_slices}. A point in time also gets one slice per two
   * cores (each slice keeps two threads busy); a scroll does not: a scroll slice of a shard filters the shard's
   * documents by a hash of their _id, so two slices of one shard cost Elasticsearch two passes over it (sliced
   * scroll read the bench index at a third of the speed of one scroll).
   */
  static int sliceCount(int primaryShards, int maxSlices, ScrollOptions.ReadApi api) {
    int perCores = api == ScrollOptions.ReadApi.POINT_IN_TIME ? Runtime.getRuntime().availableProcessors() / 2 : 1;
    return Math.max(1, Math.min(maxSlices, Math.max(primaryShards, perCores)));
  }

  /**
   * The row group size of each slice's writer: the job's, or less, so that the row groups all slices buffer at once
   * take at most a quarter of the heap (-Xmx512m, 2 slices: 64 MB each), whatever the index and document size.
   */
  static long rowGroupBytes(long configured, int slices) {
    long share = Runtime.getRuntime().maxMemory() / 4 / slices;
    return Math.max(1L << 20, Math.min(configured, share));
  }

  /**
   * Documents per page: the job's batch size, fewer where the largest of the first documents says that many would make
   * a page of more than {@link #PAGE_BYTES}, so that memory stays bounded whatever the document size.
   */
  static int pageSize(int batchSize, long largestSourceBytes) {
    long fitting = PAGE_BYTES / Math.max(1, largestSourceBytes);
    return (int) Math.max(1, Math.min(batchSize, fitting));
  }

  /**
   * The page size to read again with after a page of {@code pageSize} documents came to more than the page limit
   * (later documents of the index are much larger than its first ones, which sized the pages): as many as would have
   * made a page of {@link #PAGE_BYTES} had the page been just at the limit, at most half. A page of one document
   * cannot shrink: the document alone is over the limit, which only more heap raises.
   */
  static int smallerPageSize(String what, int pageSize, PageTooLargeException tooLarge) {
    if (pageSize <= 1) {
      throw new ArchiveFailure(what + ": a single document came to more than " + (tooLarge.limitBytes() >> 20)
          + " MB, the most a search page may take (a sixteenth of the heap, 16 to 100 MB; the heap is "
          + (Runtime.getRuntime().maxMemory() >> 20) + " MB): give the archiver more heap (JAVA_OPTS=-Xmx...)",
          tooLarge);
    }
    int smaller = (int) Math.max(1, Math.min(pageSize / 2, pageSize * PAGE_BYTES / tooLarge.limitBytes()));
    LOG.warn("{}: a page of {} documents came to more than {} MB (later documents are larger than the first ones, "
        + "which sized the pages); reading again with pages of {}", what, pageSize, tooLarge.limitBytes() >> 20,
        smaller);
    return smaller;
  }

  private static void verify(String index, long expected, SliceResult read, List<WrittenFile> files,
      StagedArchive staged, long started) {
    Map<String, IdChecksum> idsReadBack = staged.idChecksums();
    Map<String, ArchiveVerifier.FileCheck> checks = new TreeMap<>();
    for (WrittenFile file : files) {
      checks.put(file.name(), new ArchiveVerifier.FileCheck(read.rowsByFile().getOrDefault(file.name(), 0L),
          file.rows(), idsReadBack.getOrDefault(file.name(), new IdChecksum())));
    }
    read.rowsByFile().forEach((name, rows) -> checks.putIfAbsent(name,
        new ArchiveVerifier.FileCheck(rows, 0, new IdChecksum())));
    List<String> problems = ArchiveVerifier.problems(expected, read.ids(), checks);
    if (!problems.isEmpty()) {
      throw new ArchiveFailure(index + ": verification failed, nothing was committed: " + String.join("; ", problems)
          + (read.ids().count() != expected ? " (was the index written to during the run?)" : ""));
    }
    LOG.info("{}: verified {} rows in {} files, _id checksum {} ({} ms)", index, expected, files.size(),
        read.ids().value(), (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * What the slices of one index read: documents, their _id checksum, rows per file, and values that went to the
   * overflow column.
   */
  private record SliceResult(long documents, IdChecksum ids, Map<String, Long> rowsByFile, long overflowValues,
      long overflowDocuments) {
    static SliceResult empty() {
      return new SliceResult(0, new IdChecksum(), Map.of(), 0, 0);
    }

    SliceResult plus(SliceResult other) {
      IdChecksum combined = new IdChecksum();
      combined.add(ids);
      combined.add(other.ids);
      Map<String, Long> files = new TreeMap<>(rowsByFile);
      files.putAll(other.rowsByFile);
      return new SliceResult(documents + other.documents, combined, files, overflowValues + other.overflowValues,
          overflowDocuments + other.overflowDocuments);
    }
  }

  private SliceResult readSlices(JobDefinition job, AtomicInteger pageSize, List<ReadSlice> slices,
      StagedArchive staged, ArchiveSchema schema, ProgressListener progress) {
    AtomicBoolean abort = new AtomicBoolean();
    String index = slices.get(0).index();
    ExecutorService writers = Executors.newFixedThreadPool(slices.size(), threads("write-" + index + "-"));
    // Per slice: a thread fetching pages, a thread converting them, and this pool's thread writing them.
    ExecutorService readers = Executors.newFixedThreadPool(2 * slices.size(), threads("read-" + index + "-"));
    SliceReader reader = switch (job.scroll().api()) {
      case SCROLL -> new SlicedScrollReader(http, job.scroll().keepAlive());
      case POINT_IN_TIME -> new PointInTimeReader(http, job.scroll().keepAlive());
    };
    try {
      List<Future<SliceResult>> futures = new ArrayList<>();
      for (ReadSlice slice : slices) {
        futures.add(writers.submit(() -> readSlice(reader, pageSize, readers, slice, staged, schema, progress, abort)));
      }
      SliceResult total = SliceResult.empty();
      RuntimeException failure = null;
      for (Future<SliceResult> future : futures) {
        try {
          total = total.plus(future.get());
        } catch (ExecutionException e) {
          abort.set(true);
          if (failure == null || failure instanceof Aborted) {
            failure = e.getCause() instanceof RuntimeException re ? re : new ArchiveFailure(e.getCause().toString(), e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return total;
    } catch (InterruptedException e) {
      abort.set(true);
      Thread.currentThread().interrupt();
      throw new ArchiveFailure(index + ": interrupted", e);
    } finally {
      writers.shutdownNow();
      readers.shutdownNow();
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return r -> new Thread(r, prefix + number.getAndIncrement());
  }

  /**
   * Reads a slice into fresh files in three overlapping stages: a thread of {@code readers} fetches its pages (so that
   * Elasticsearch prepares the next page while this one is converted), another converts them to records, and this
   * thread writes them. A lost scroll discards the files and reads the slice again from the start; so does a page too
   * large, with smaller pages from then on.
   */
  private SliceResult readSlice(SliceReader reader, AtomicInteger pageSize, ExecutorService readers, ReadSlice slice,
      StagedArchive staged, ArchiveSchema schema, ProgressListener progress, AtomicBoolean abort)
      throws InterruptedException {
    int readsLost = 0;
    for (int attempt = 1; ; attempt++) {
      int size = pageSize.get();
      DocumentConverter converter = new DocumentConverter(schema);
      HitConverter<GenericData.Record> records = hitConverter(converter);
      SliceFileWriter writer = staged.openSliceFile(slice.id(), attempt, schema.avroSchema());
      IdChecksum ids = new IdChecksum();
      long reported = 0;
      PageHandoff<HitsPage> fetched = new PageHandoff<>(PAGES_AHEAD);
      PageHandoff<List<GenericData.Record>> converted = new PageHandoff<>(PAGES_AHEAD);
      Future<Long> reading = readers.submit(() -> {
        try {
          return reader.read(slice, size, fetched::put);
        } finally {
          fetched.finish();
        }
      });
      Future<Long> converting = readers.submit(() -> {
        try {
          for (HitsPage page = fetched.take(); page != null; page = fetched.take()) {
            page.convert(DocumentConverter.parsers(), records, RECORDS_PER_HANDOFF, part -> {
              for (GenericData.Record record : part) {
                ids.add(DocumentConverter.id(record));
              }
              converted.put(part);
            });
          }
          return 0L;
        } catch (RuntimeException | InterruptedException | Error e) {
          fetched.stop();
          throw e;
        } finally {
          converted.finish();
        }
      });
      try {
        for (List<GenericData.Record> page = converted.take(); page != null; page = converted.take()) {
          if (abort.get()) {
            throw new Aborted();
          }
          for (GenericData.Record record : page) {
            writer.write(record);
          }
          if (writer.rows() - reported >= PROGRESS_STEP) {
            progress.documentsWritten(slice.index(), writer.rows() - reported);
            reported = writer.rows();
          }
        }
        resultOf(converting); // a conversion failure first: it also stopped the read
        long total = resultOf(reading);
        if (writer.rows() != total) {
          throw SliceReader.countMismatch(slice, writer.rows(), total);
        }
        writer.close();
        progress.documentsWritten(slice.index(), writer.rows() - reported);
        return new SliceResult(writer.rows(), ids, writer.rowsByFile(), converter.overflowValues(),
            converter.overflowDocuments());
      } catch (PageTooLargeException | ScrollContextLostException e) {
        stopStages(converted, converting, fetched, reading);
        writer.discard();
        progress.documentsWritten(slice.index(), -reported);
        if (e instanceof PageTooLargeException tooLarge) {
          pageSize.accumulateAndGet(smallerPageSize(slice.index() + " slice " + slice.id(), size, tooLarge),
              Math::min);
        } else if (++readsLost >= SLICE_ATTEMPTS) {
          throw new ArchiveFailure(e.getMessage() + "; gave up after reading the slice " + attempt + " times", e);
        } else {
          LOG.warn("{}; reading slice {} again from the start (attempt {} of {})",
              e.getMessage(), slice.id(), readsLost + 1, SLICE_ATTEMPTS);
        }
      } catch (RuntimeException | InterruptedException e) {
        stopStages(converted, converting, fetched, reading);
        try {
          writer.discard();
        } catch (RuntimeException discardFailed) {
          // the NameNode gone, say: the files cannot be deleted either, and the read's own failure is the one to report
          if (discardFailed != e) {
            e.addSuppressed(discardFailed);
          }
        }
        throw e;
      }
    }
  }

  /** Each hit's record, streamed by the page's own parser. */
  private static HitConverter<GenericData.Record> hitConverter(DocumentConverter converter) {
    return new HitConverter<>() {
      @Override
      public GenericData.Record fromParser(String index, String id, String routing, JsonParser source, byte[] page) {
        return converter.convert(index, id, routing, source, page);
      }

      @Override
      public GenericData.Record fromBytes(String index, String id, String routing, byte[] page, int offset,
          int length) {
        return converter.convert(index, id, routing, page, offset, length);
      }
    };
  }

  /** What a stage returned (the read: the documents Elasticsearch reported), or the exception it ended with. */
  private static long resultOf(Future<Long> reading) throws InterruptedException {
    try {
      return reading.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new ArchiveFailure(e.getCause().toString(), e.getCause());
    }
  }

  /** Stops the slice's converter and reader and waits until both have ended (and the read cleared its scroll). */
  private static void stopStages(PageHandoff<?> converted, Future<Long> converting, PageHandoff<?> fetched,
      Future<Long> reading) {
    converted.stop();
    fetched.stop();
    for (Future<Long> stage : List.of(converting, reading)) {
      try {
        stage.get();
      } catch (ExecutionException | CancellationException expected) {
        // the stage's own failure, or the stop: what matters is that it ended
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void abortQuietly(StagedArchive staged, String index) {
    try {
      staged.abort();
    } catch (RuntimeException e) {
      LOG.warn("{}: {} (it holds no visible data; remove it when convenient)", index, e.getMessage());
    }
  }

  /** Stops a slice because another slice of the same index failed. */
  private static final class Aborted extends RuntimeException {
    Aborted() {
      super("stopped because another slice failed", null, false, false);
    }
  }
}
