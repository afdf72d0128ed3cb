package org.esarchiver.app;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.elasticsearch.client.RestClient;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.events.EventPublisher;
import org.esarchiver.events.CloudEventCodec;
import org.esarchiver.events.KafkaEventPublisher;
import org.esarchiver.events.Outbox;
import org.esarchiver.events.OutboxPublisher;
import org.esarchiver.events.OutboxRelay;
import org.esarchiver.job.IndexArchiver;
import org.esarchiver.job.JobRunner;
import org.esarchiver.lifecycle.IndexStates;
import org.esarchiver.lifecycle.PostArchiveActions;
import org.esarchiver.lifecycle.ReadGuards;
import org.esarchiver.selection.IndexSelector;
import org.esarchiver.sink.ArchiveSink;
import org.esarchiver.source.ElasticsearchCatalog;
import org.esarchiver.source.ElasticsearchHttp;
import org.esarchiver.state.RunHistory;
import org.esarchiver.state.StateDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only place that builds clients and wires the pipeline. Open one per command and close it.
 * A run needs the state database (run history, audit outbox) and the outbox relay to Kafka; planning needs neither.
 */
public final class Archiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

  private final RestClient restClient;
  private final FileSystem fs;
  private final StateDatabase database;
  private final OutboxRelay relay;
  private final JobRunner runner;
  private final Outbox outbox;
  private final RunHistory history;
  private final String node;

  private Archiver(RestClient restClient, FileSystem fs, StateDatabase database, OutboxRelay relay, JobRunner runner,
      Outbox outbox, RunHistory history, String node) {
    this.restClient = restClient;
    this.fs = fs;
    this.database = database;
    this.relay = relay;
    this.runner = runner;
    this.outbox = outbox;
    this.history = history;
    this.node = node;
  }

  /** For planning and dry runs: Elasticsearch and the archive filesystem only. */
  public static Archiver open(ArchiverConfig config, boolean forRuns) {
    return open(config, forRuns, StateDatabase.localNode());
  }

  /** {@code node} names this process in the run history and the events. */
  public static Archiver open(ArchiverConfig config, boolean forRuns, String node) {
    Clock clock = Clock.systemUTC();
    RestClient restClient = ElasticsearchClients.restClient(config.elasticsearch());
    FileSystem fs = null;
    StateDatabase database = null;
    OutboxRelay relay = null;
    try {
      ElasticsearchClient client = ElasticsearchClients.typedClient(restClient);
      // Big decimals keep every digit of _source numbers (1e400, 30-digit decimals) for the overflow column.
      ElasticsearchHttp http = new ElasticsearchHttp(restClient,
          new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS),
          ElasticsearchHttp.RetryPolicy.within(config.elasticsearch().retryFor()));
      ElasticsearchCatalog catalog = new ElasticsearchCatalog(client, http);
      ElasticsearchClients.checkAccess(restClient, config.elasticsearch());
      Configuration conf = HadoopFileSystems.configuration(config.hadoop());
      fs = HadoopFileSystems.open(config.hadoop(), conf);
      ArchiveSink sink = new ArchiveSink(fs, conf, config.hadoop().defaultFs().getPath());
      EventPublisher events = NoEvents.INSTANCE;
      Outbox outbox = null;
      RunHistory history = null;
      if (forRuns) {
        database = StateDatabase.open(config.database(), config.stateDir());
        outbox = new Outbox(database, clock);
        history = new RunHistory(database, clock);
        relay = new OutboxRelay(outbox, new KafkaEventPublisher(config.kafka()), node).start();
        events = new OutboxPublisher(outbox, relay, new CloudEventCodec(node), config.kafka().auditTopic());
      }
      IndexStates states = new IndexStates(http);
      JobRunner runner = new JobRunner(catalog, new IndexSelector(clock), new IndexArchiver(catalog, http, sink, clock),
          sink, new ReadGuards(states, config.stateDir()), new PostArchiveActions(states), history, events, node,
          clock);
      return new Archiver(restClient, fs, database, relay, runner, outbox, history, node);
    } catch (RuntimeException e) {
      closeAll(restClient, fs, relay, database);
      throw e;
    }
  }

  public JobRunner runner() {
    return runner;
  }

  public StateDatabase database() {
    return database;
  }

  public RunHistory history() {
    return history;
  }

  public Outbox outbox() {
    return outbox;
  }

  public String node() {
    return node;
  }

  /** Waits up to {@code timeout} for the audit outbox to be delivered; returns how many events still wait. */
  public long deliverEvents(Duration timeout) {
    return relay == null ? 0 : relay.drain(timeout);
  }

  /** Why the last delivery to Kafka failed, when events are waiting. */
  public String deliveryProblem() {
    return relay == null || relay.lastError() == null ? "" : relay.lastError();
  }

  @Override
  public void close() {
    closeAll(restClient, fs, relay, database);
  }

  private static void closeAll(RestClient restClient, FileSystem fs, OutboxRelay relay, StateDatabase database) {
    if (relay != null) {
      relay.close();
    }
    if (database != null) {
      database.close();
    }
    try {
      if (fs != null) {
        fs.close();
      }
      restClient.close();
    } catch (IOException e) {
      LOG.debug("closing at exit: {}", e.getMessage());
    }
  }

  private enum NoEvents implements EventPublisher {
    INSTANCE;

    @Override
    public void publish(org.esarchiver.events.ArchiveEvent event) {
      throw new IllegalStateException("this command does not send events");
    }

    @Override
    public void close() {}
  }
}
