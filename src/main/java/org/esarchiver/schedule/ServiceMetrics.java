package org.esarchiver.schedule;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.esarchiver.job.IndexOutcome;

/**
 * The service's metrics in Prometheus format at {@code /metrics}, and {@code /health}: 200 with a JSON status while the
 * scheduler runs, 503 once it is stopping.
 */
final class ServiceMetrics implements AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter runs = Counter.builder().name("esarchiver_runs_started_total")
      .help("Runs started by this node").labelNames("job").register(registry);
  private final Counter skippedFires = Counter.builder().name("esarchiver_fires_skipped_total")
      .help("Fires that started no run (another run of the job was in progress, or it could not start)")
      .labelNames("job").register(registry);
  private final Counter indices = Counter.builder().name("esarchiver_indices_total")
      .help("Indices worked on by this node, by outcome (archived, skipped, failed)").labelNames("job", "outcome")
      .register(registry);
  private final Counter documents = Counter.builder().name("esarchiver_documents_archived_total")
      .help("Documents archived by this node").labelNames("job").register(registry);
  private final Counter bytes = Counter.builder().name("esarchiver_bytes_archived_total")
      .help("Parquet bytes written by this node").labelNames("job").register(registry);
  private final Histogram durations = Histogram.builder().name("esarchiver_index_duration_seconds")
      .help("Time to archive one index").labelNames("job")
      .classicUpperBounds(1, 5, 15, 60, 300, 900, 3600, 10800).register(registry);
  private HttpServer server;

  /** Adds the gauges read at each scrape: events waiting in the outbox, indices being archived. */
  ServiceMetrics(LongSupplier outboxPending, LongSupplier indicesRunning) {
    GaugeWithCallback.builder().name("esarchiver_outbox_pending")
        .help("Audit events stored but not yet acknowledged by Kafka")
        .callback(cb -> cb.call(outboxPending.getAsLong())).register(registry);
    GaugeWithCallback.builder().name("esarchiver_indices_running")
        .help("Indices this node is archiving now")
        .callback(cb -> cb.call(indicesRunning.getAsLong())).register(registry);
  }

  void runStarted(String job) {
    runs.labelValues(job).inc();
  }

  void fireSkipped(String job) {
    skippedFires.labelValues(job).inc();
  }

  void indexFinished(String job, IndexOutcome outcome) {
    indices.labelValues(job, outcome.status().name().toLowerCase(Locale.ROOT)).inc();
    if (outcome.status() == IndexOutcome.Status.ARCHIVED) {
      documents.labelValues(job).inc(outcome.documents());
      bytes.labelValues(job).inc(outcome.bytes());
      durations.labelValues(job).observe(outcome.seconds());
    }
  }

  /** Serves /metrics and /health on {@code address}; {@code health} gives the JSON body and whether all is well. */
  void serve(InetSocketAddress address, Supplier<Health> health) {
    try {
      server = HttpServer.create(address, 8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + address + " (scheduler.http): " + e.getMessage(), e);
    }
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/health", exchange -> {
      Health status = health.get();
      byte[] body = status.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status.up() ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  record Health(boolean up, String json) {}

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
