package org.esarchiver.config;

import java.time.ZoneId;

/** A Quartz cron expression and the time zone it is read in. */
public record Schedule(String cron, ZoneId timeZone) {}
