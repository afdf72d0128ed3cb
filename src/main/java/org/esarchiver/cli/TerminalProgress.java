package org.esarchiver.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.esarchiver.job.IndexOutcome;

/** A live bar per index on the terminal: documents done of total, docs/s and ETA. */
final class TerminalProgress implements RunCommand.ConsoleProgress {
  private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();

  @Override
  public void indexStarted(String index, long totalDocuments) {
    bars.put(index, new ProgressBarBuilder()
        .setTaskName(index)
        .setInitialMax(totalDocuments)
        .setUnit(" docs", 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
        .setUpdateIntervalMillis(250)
        .continuousUpdate()
        .build());
  }

  @Override
  public void documentsWritten(String index, long delta) {
    ProgressBar bar = bars.get(index);
    if (bar != null) {
      bar.stepBy(delta);
    }
  }

  @Override
  public void indexFinished(IndexOutcome outcome) {
    ProgressBar bar = bars.remove(outcome.index());
    if (bar != null) {
      bar.setExtraMessage(outcome.status().name().toLowerCase());
      bar.close();
    }
  }

  @Override
  public void close() {
    bars.values().forEach(ProgressBar::close);
    bars.clear();
  }
}
