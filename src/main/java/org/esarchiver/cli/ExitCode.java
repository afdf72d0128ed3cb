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

  private ExitCode() {}
}
