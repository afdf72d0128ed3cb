package org.esarchiver.events;

/** Delivers audit events; {@link #publish} returns once the event is acknowledged, or throws. */
public interface EventPublisher extends AutoCloseable {
  void publish(ArchiveEvent event);

  @Override
  void close();
}
