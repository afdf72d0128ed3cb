package org.esarchiver.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PageHandoffTest {

  @Test
  void pagesArriveInOrderThenTheEnd() throws Exception {
    PageHandoff<List<Integer>> pages = new PageHandoff<>(1);
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      pages.put(List.of(1, 2));
      pages.put(List.of(3));
      pages.finish();
    });
    assertThat(pages.take()).containsExactly(1, 2);
    assertThat(pages.take()).containsExactly(3);
    assertThat(pages.take()).isNull();
    reader.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aStopReleasesATakerWaitingForAReaderThatWillNeverDeliver() throws Exception {
    PageHandoff<List<Integer>> pages = new PageHandoff<>(1);
    CompletableFuture<List<Integer>> taker = CompletableFuture.supplyAsync(() -> {
      try {
        return pages.take();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(200);
    assertThat(taker).isNotDone();

    pages.stop();

    assertThat(taker.get(5, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aStopMakesTheReadersPutThrowInsteadOfBlocking() throws Exception {
    PageHandoff<List<Integer>> pages = new PageHandoff<>(1);
    pages.put(List.of(1));
    CompletableFuture<Void> blockedPut = CompletableFuture.runAsync(() -> pages.put(List.of(2)));
    Thread.sleep(200);
    assertThat(blockedPut).isNotDone();

    pages.stop();

    assertThatThrownBy(() -> blockedPut.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PageHandoff.WriterStopped.class);
    assertThatThrownBy(() -> pages.put(List.of(3))).isInstanceOf(PageHandoff.WriterStopped.class);
    assertThat(pages.take()).isNull();
  }
}
