package org.esarchiver.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How the {@code schedule} service runs: its node name (unique in a cluster), how many runs and indices it works on at
 * once, how late a fire may start before it counts as missed, how long a stop waits for the index being written, how
 * often job files are read again, and where metrics and health are served (none when empty).
 */
public record SchedulerSettings(Optional<String> node, int threads, Duration misfireThreshold, Duration shutdownGrace,
    Duration reloadInterval, Optional<InetSocketAddress> http) {}
