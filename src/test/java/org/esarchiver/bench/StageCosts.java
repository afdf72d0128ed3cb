package org.esarchiver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.esarchiver.config.ParquetOptions;
import org.esarchiver.convert.ArchiveSchema;
import org.esarchiver.convert.ConvertOptions;
import org.esarchiver.convert.DocumentConverter;
import org.esarchiver.sink.ArchiveSink;
import org.esarchiver.sink.SliceFileWriter;
import org.esarchiver.sink.StagedArchive;

/**
 * Not a test: the CPU cost (thread CPU time) per document of each stage of the archive pipeline on the bench
 * documents, in one thread and without Elasticsearch: conversion of the JSON bytes to a record, Parquet write (to a
 * local file), and for comparison a JSON parse into a tree. A quick loop for tuning; {@code make bench} measures the
 * real thing. Run after {@code mvn test-compile} with {@code java -cp
 * target/test-classes:target/classes:$(cat target/test-classpath.txt) org.esarchiver.bench.StageCosts [docs]}.
 */
public final class StageCosts {
  private StageCosts() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    // CPU time of this thread, not wall time: the figures hold on a machine busy with other work.
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    // Bytes allocated by this thread: exact whatever else the machine does.
    com.sun.management.ThreadMXBean heap = (com.sun.management.ThreadMXBean) cpu;
    ObjectMapper json = new ObjectMapper();
    Random random = new Random(1);
    List<byte[]> sources = new ArrayList<>(docs);
    Instant start = Instant.parse("2024-05-01T00:00:00Z");
    for (int i = 0; i < docs; i++) {
      sources.add(BenchData.accessLog(random, start.plusMillis(i * 170L)).getBytes(StandardCharsets.UTF_8));
    }
    ArchiveSchema schema = ArchiveSchema.fromMapping("bench", json.readTree("{" + BenchData.MAPPING + "}"),
        new ConvertOptions(Set.of("tags"), false));
    Path dir = Files.createTempDirectory("stage-costs");
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.getLocal(conf);
    ArchiveSink sink = new ArchiveSink(fs, conf, dir.toString());
    ParquetOptions parquet = new ParquetOptions(CompressionCodecName.SNAPPY, false, 128L << 20);
    for (int round = 1; round <= 5; round++) {
      DocumentConverter converter = new DocumentConverter(schema);
      StagedArchive staged = sink.stage("/r" + round, "run" + round, parquet);
      SliceFileWriter writer = staged.openSliceFile(0, 1, schema.avroSchema());
      int batch = 5_000;
      GenericData.Record[] records = new GenericData.Record[batch];
      long parse = 0;
      long convert = 0;
      long write = 0;
      long convertAllocated = 0;
      long writeAllocated = 0;
      for (int from = 0; from < docs; from += batch) {
        int n = Math.min(batch, docs - from);
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          json.readTree(sources.get(from + i));
        }
        long a1 = heap.getCurrentThreadAllocatedBytes();
        long t1 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          byte[] source = sources.get(from + i);
          records[i] = converter.convert("bench", "id" + (from + i), null, source, 0, source.length);
        }
        long t2 = cpu.getCurrentThreadCpuTime();
        long a2 = heap.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
          writer.write(records[i]);
        }
        long t3 = cpu.getCurrentThreadCpuTime();
        long a3 = heap.getCurrentThreadAllocatedBytes();
        convertAllocated += a2 - a1;
        writeAllocated += a3 - a2;
        parse += t1 - t0;
        convert += t2 - t1;
        write += t3 - t2;
      }
      long t4 = cpu.getCurrentThreadCpuTime();
      writer.close();
      write += cpu.getCurrentThreadCpuTime() - t4;
      long bytes = staged.readBack().stream().mapToLong(f -> f.bytes()).sum();
      staged.abort();
      System.out.printf(Locale.ROOT, "round %d: convert from bytes %.2f us/doc (%d streamed), write %.2f, total %.2f"
          + " (%.1f B/doc Parquet; a tree alone takes %.2f); allocated: convert %d B/doc, write %d B/doc%n", round,
          convert / 1e3 / docs, converter.streamedDocuments(), write / 1e3 / docs, (convert + write) / 1e3 / docs,
          (double) bytes / docs, parse / 1e3 / docs, convertAllocated / docs, writeAllocated / docs);
    }
  }
}
