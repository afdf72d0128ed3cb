package org.esarchiver.selection;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Which dated indices are due: those older than the age rule's {@code older_than} (a normal run), or, for a backfill,
 * those whose date is within {@code from}..{@code to} (both included), whatever their age.
 */
public record Window(Optional<LocalDate> from, Optional<LocalDate> to) {
  public static final Window BY_AGE = new Window(Optional.empty(), Optional.empty());

  public Window {
    if (from.isPresent() != to.isPresent()) {
      throw new IllegalArgumentException("a backfill range needs both ends");
    }
    if (from.isPresent() && from.get().isAfter(to.get())) {
      throw new IllegalArgumentException("the range starts (" + from.get() + ") after it ends (" + to.get() + ")");
    }
  }

  public static Window backfill(LocalDate from, LocalDate to) {
    return new Window(Optional.of(from), Optional.of(to));
  }

  public boolean isBackfill() {
    return from.isPresent();
  }

  boolean contains(LocalDate date) {
    return !date.isBefore(from.orElseThrow()) && !date.isAfter(to.orElseThrow());
  }

  @Override
  public String toString() {
    return isBackfill() ? from.get() + ".." + to.get() : "by age";
  }
}
