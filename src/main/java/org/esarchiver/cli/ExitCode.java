package org.esarchiver.cli;

/** The process exit codes, as documented in the README. */
public final class ExitCode {
  public static final int OK = 0;
  /** Some index failed, or a service failed at run time. */
  public static final int FAILED = 1;
  /** Bad arguments or configuration. */
  public static final int USAGE = 2;
  /** Another run of the same job holds its lock; nothing was done. */
  public static final int BUSY = 3;
  /** A run stopped by SIGINT (128 + 2, as shells report it): aborted cleanly, nothing of it half-committed. */
  public static final int SIGINT = 130;
  /** A run stopped by SIGTERM (128 + 15). */
  public static final int SIGTERM = 143;

  private ExitCode() {}
}
