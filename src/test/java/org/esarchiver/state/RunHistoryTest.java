package org.esarchiver.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.esarchiver.config.DatabaseConnection;
import org.esarchiver.events.Outbox;
import org.esarchiver.job.IndexOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run history and the outbox on the embedded database (a real H2 file, as in production). */
class RunHistoryTest {
  @TempDir
  Path dir;

  private StateDatabase database;
  private MutableClock clock;
  private RunHistory history;

  @BeforeEach
  void open() {
    database = StateDatabase.open(new DatabaseConnection(Optional.empty(), Optional.empty(), Optional.empty()), dir);
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    history = new RunHistory(database, clock);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aSecondRunOfAJobIsRefusedWhileTheFirstIsUnfinished() {
    history.begin("r1", "logs", RunHistory.Kind.CLI, "host:1", "by age", Optional.empty());

    assertThatThrownBy(() -> history.begin("r2", "logs", RunHistory.Kind.SCHEDULED, "host:2", "by age",
        Optional.empty())).isInstanceOf(RunHistory.Busy.class)
        .hasMessage("another run of job logs is in progress (run r1 on host:1, started 2026-01-01T00:00:00Z); "
            + "nothing was done");
    history.begin("o1", "other", RunHistory.Kind.CLI, "host:1", "by age", Optional.empty());

    history.finish("r1", "ok", null);
    assertThat(history.begin("r2", "logs", RunHistory.Kind.SCHEDULED, "host:2", "by age", Optional.empty())
        .runId()).isEqualTo("r2");
  }

  @Test
  void aCommandLineRunWithoutHeartbeatIsAbandonedButAScheduledOneIsNot() {
    history.begin("cli", "a", RunHistory.Kind.CLI, "host:1", "by age", Optional.empty());
    history.begin("sched", "b", RunHistory.Kind.SCHEDULED, "host:1", "by age", Optional.empty());
    clock.advanceSeconds(RunHistory.ABANDONED_AFTER.toSeconds() + 1);

    history.begin("cli2", "a", RunHistory.Kind.CLI, "host:2", "by age", Optional.empty());
    assertThat(history.run("cli").orElseThrow().status()).isEqualTo("abandoned");
    assertThatThrownBy(() -> history.begin("sched2", "b", RunHistory.Kind.SCHEDULED, "host:2", "by age",
        Optional.empty())).isInstanceOf(RunHistory.Busy.class);
  }

  @Test
  void aCommandLineRunWhoseProcessOnThisHostEndedIsAbandonedAtOnce() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    String local = StateDatabase.localNode();
    String deadNode = local.substring(0, local.lastIndexOf(':')) + ":" + ended.pid();
    history.begin("killed", "a", RunHistory.Kind.CLI, deadNode, "by age", Optional.empty());

    history.begin("next", "a", RunHistory.Kind.CLI, local, "by age", Optional.empty());

    assertThat(history.run("killed").orElseThrow().status()).isEqualTo("abandoned");
    assertThat(history.run("killed").orElseThrow().detail()).contains("the process " + deadNode
        + " ended without finishing the run");
    assertThatThrownBy(() -> history.begin("third", "a", RunHistory.Kind.CLI, "other:1", "by age", Optional.empty()))
        .as("this process is alive").isInstanceOf(RunHistory.Busy.class);
  }

  @Test
  void aFireSeenBeforeResumesItsRunAndTheLastIndexFinishesIt() {
    history.begin("r1", "logs", RunHistory.Kind.SCHEDULED, "n1", "by age", Optional.of("cron.logs@1000"));
    history.queue("r1", List.of("logs-a", "logs-b"));
    assertThat(history.begin("r9", "logs", RunHistory.Kind.SCHEDULED, "n2", "by age", Optional.of("cron.logs@1000"))
        .runId()).as("the recovered fire finds its run").isEqualTo("r1");

    history.indexStarted("r1", "logs-a", "n1");
    history.indexFinished("r1", IndexOutcome.archived("logs-a", "/a", 10, 100, 1, 1.0), "n1");
    assertThat(history.finishIfDone("r1")).isEmpty();
    assertThat(history.unfinished("r1")).containsExactly("logs-b");
    history.indexFinished("r1", IndexOutcome.failed("logs-b", "/b", 2.0, "boom"), "n2");

    assertThat(history.finishIfDone("r1")).hasValueSatisfying(run -> assertThat(run.status()).isEqualTo("failed"));
    assertThat(history.finishIfDone("r1")).as("finished once").isEmpty();
    assertThat(history.indices("r1")).extracting(i -> i.index() + " " + i.status() + " " + i.node().orElse("-")
        + " " + i.detail().or(i::path).orElse("")).containsExactly("logs-a archived n1 /a", "logs-b failed n2 boom");
  }

  @Test
  void deliveredEventsAreForgottenAfterAWhileAndUndeliveredOnesNever() {
    Outbox outbox = new Outbox(database, clock);
    outbox.store("old", "t", "k", new byte[] {1});
    outbox.store("stuck", "t", "k", new byte[] {2});
    List<Outbox.Pending> claimed = outbox.claim("relay-1", 10, java.time.Duration.ofMinutes(2));
    outbox.delivered(claimed.get(0).seq());
    outbox.failed(claimed.get(1).seq(), "broker down");
    clock.advanceSeconds(java.time.Duration.ofDays(29).toSeconds());
    outbox.store("recent", "t", "k", new byte[] {3});
    outbox.delivered(outbox.claim("relay-1", 10, java.time.Duration.ofMinutes(2)).stream()
        .filter(p -> p.eventId().equals("recent")).findFirst().orElseThrow().seq());

    assertThat(outbox.forgetDelivered(java.time.Duration.ofDays(30))).as("nothing delivered 30 days ago yet").isZero();
    clock.advanceSeconds(java.time.Duration.ofDays(2).toSeconds());
    assertThat(outbox.forgetDelivered(java.time.Duration.ofDays(30))).isEqualTo(1);

    assertThat(outbox.isDelivered("old")).as("forgotten").isFalse();
    assertThat(outbox.isDelivered("recent")).isTrue();
    assertThat(outbox.claim("relay-2", 10, java.time.Duration.ofMinutes(2))).extracting(Outbox.Pending::eventId)
        .as("an undelivered event stays, however old").containsExactly("stuck");
  }

  @Test
  void theOutboxKeepsEachEventOnceUntilItIsDeliveredAndLeasesItToOneRelay() {
    Outbox outbox = new Outbox(database, clock);
    assertThat(outbox.store("e1", "t", "k", new byte[] {1})).isTrue();
    assertThat(outbox.store("e1", "t", "k", new byte[] {1})).as("same id once").isFalse();
    outbox.store("e2", "t", "k", new byte[] {2});

    List<Outbox.Pending> claimed = outbox.claim("relay-1", 10, java.time.Duration.ofMinutes(2));
    assertThat(claimed).extracting(Outbox.Pending::eventId).containsExactly("e1", "e2");
    assertThat(outbox.claim("relay-2", 10, java.time.Duration.ofMinutes(2))).as("leased to relay-1").isEmpty();

    outbox.delivered(claimed.get(0).seq());
    outbox.failed(claimed.get(1).seq(), "broker down");
    assertThat(outbox.pending()).isEqualTo(1);
    assertThat(outbox.isDelivered("e1")).isTrue();
    assertThat(outbox.claim("relay-2", 10, java.time.Duration.ofMinutes(2))).extracting(Outbox.Pending::eventId)
        .containsExactly("e2");
    clock.advanceSeconds(121);
    assertThat(outbox.claim("relay-3", 10, java.time.Duration.ofMinutes(2))).as("an expired lease is taken over")
        .extracting(Outbox.Pending::eventId).containsExactly("e2");
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advanceSeconds(long seconds) {
      now = now.plusSeconds(seconds);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
