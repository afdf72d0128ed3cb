package org.esarchiver.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run per job at a time on this host: an OS lock on {@code <state_dir>/locks/<job>.lock}, held for the whole run.
 * The operating system releases it when the process ends, however it ends, so a killed run never leaves a stale lock.
 * A second run of the job (which would delete the first one's staging directories as leftovers) is refused.
 */
public final class JobLocks {
  private final Path dir;

  public JobLocks(Path stateDir) {
    this.dir = stateDir.resolve("locks");
  }

  /** Thrown when another run holds the job's lock. */
  public static final class Busy extends RuntimeException {
    Busy(String message) {
      super(message);
    }
  }

  /** A held lock; closing it releases it. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  public Held acquire(String job) {
    Path file = dir.resolve(job + ".lock");
    try {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new Busy("another run of job " + job + " is in progress (it holds " + file + "); nothing was done");
      }
      FileLock held = lock;
      return () -> {
        try {
          held.release();
          channel.close();
        } catch (IOException e) {
          // the lock goes with the channel or the process anyway
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }
}
