package org.esarchiver.app;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.elasticsearch.client.RestClient;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.events.EventPublisher;
import org.esarchiver.events.KafkaEventPublisher;
import org.esarchiver.job.IndexArchiver;
import org.esarchiver.job.JobRunner;
import org.esarchiver.lifecycle.IndexStates;
import org.esarchiver.lifecycle.PostArchiveActions;
import org.esarchiver.lifecycle.ReadGuards;
import org.esarchiver.selection.IndexSelector;
import org.esarchiver.sink.ArchiveSink;
import org.esarchiver.source.ElasticsearchCatalog;
import org.esarchiver.source.ElasticsearchHttp;
import org.esarchiver.state.JobLocks;

/**
 * The composition root: the only place that builds clients and wires the pipeline. Open one per command and close it;
 * the Kafka producer is only created when events are to be sent.
 */
public final class Archiver implements AutoCloseable {
  private final RestClient restClient;
  private final FileSystem fs;
  private final EventPublisher events;
  private final JobRunner runner;

  private Archiver(RestClient restClient, FileSystem fs, EventPublisher events, JobRunner runner) {
    this.restClient = restClient;
    this.fs = fs;
    this.events = events;
    this.runner = runner;
  }

  public static Archiver open(ArchiverConfig config, boolean withEvents) {
    Clock clock = Clock.systemUTC();
    RestClient restClient = ElasticsearchClients.restClient(config.elasticsearch());
    FileSystem fs = null;
    EventPublisher events = null;
    try {
      ElasticsearchClient client = ElasticsearchClients.typedClient(restClient);
      // Big decimals keep every digit of _source numbers (1e400, 30-digit decimals) for the overflow column.
      ElasticsearchHttp http = new ElasticsearchHttp(restClient,
          new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS),
          ElasticsearchHttp.RetryPolicy.DEFAULT);
      ElasticsearchCatalog catalog = new ElasticsearchCatalog(client, http);
      catalog.ping(ElasticsearchClients.describeHosts(config.elasticsearch()));
      Configuration conf = HadoopFileSystems.configuration(config.hadoop());
      fs = HadoopFileSystems.open(config.hadoop(), conf);
      ArchiveSink sink = new ArchiveSink(fs, conf, config.hadoop().defaultFs().getPath());
      events = withEvents ? new KafkaEventPublisher(config.kafka()) : NoEvents.INSTANCE;
      IndexStates states = new IndexStates(http);
      JobRunner runner = new JobRunner(catalog, new IndexSelector(clock), new IndexArchiver(catalog, http, sink, clock),
          sink, new ReadGuards(states, config.stateDir()), new PostArchiveActions(states),
          new JobLocks(config.stateDir()), events, clock);
      return new Archiver(restClient, fs, events, runner);
    } catch (RuntimeException e) {
      closeAll(restClient, fs, events);
      throw e;
    }
  }

  public JobRunner runner() {
    return runner;
  }

  @Override
  public void close() {
    closeAll(restClient, fs, events);
  }

  private static void closeAll(RestClient restClient, FileSystem fs, EventPublisher events) {
    if (events != null) {
      events.close();
    }
    try {
      if (fs != null) {
        fs.close();
      }
      restClient.close();
    } catch (IOException e) {
      // closing at exit: nothing left to protect
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
