package org.esarchiver.config;

import java.time.Duration;
import java.time.ZoneId;

/**
 * An index is due when the date in its name (found with {@code datePattern}, a java.time pattern such as yyyy.MM.dd,
 * read in {@code timeZone}) is older than {@code olderThan}.
 */
public record AgeRule(String datePattern, ZoneId timeZone, Duration olderThan) {}
