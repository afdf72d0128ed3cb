package org.esarchiver.events;

/**
 * Records audit events; {@link #publish} returns once the event is stored durably (it will reach the audit topic),
 * or throws.
 */
public interface EventPublisher extends AutoCloseable {
  void publish(ArchiveEvent event);

  @Override
  void close();
}
