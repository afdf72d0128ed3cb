package org.esarchiver.config;

import java.time.ZoneId;

/**
 * A Quartz cron expression, the time zone it is read in, and what to do about fires missed while no scheduler ran.
 */
public record Schedule(String cron, ZoneId timeZone, Misfire misfire) {
  /** A missed fire is run once as soon as a scheduler is up ({@code run_once}), or dropped ({@code skip}). */
  public enum Misfire {
    RUN_ONCE, SKIP
  }
}
