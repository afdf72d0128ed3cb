package org.esarchiver.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time of a running process's threads, by role (the JIT compiler, the garbage collector, es-archiver's writing
 * and reading threads, the HTTP client, the rest), read from {@code /proc/<pid>/task/<tid>/stat} while it runs: a
 * thread's time is known only while the thread lives, so {@link #sample} is called often (the archiver's slice threads
 * end with each index). Linux only; elsewhere every figure is 0.
 */
final class ThreadCpu {
  /** Clock ticks per second of {@code utime} and {@code stime} ({@code getconf CLK_TCK}, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long pid;
  private final Map<String, Long> ticksByThread = new HashMap<>();
  private final Map<String, String> roleByThread = new HashMap<>();

  ThreadCpu(long pid) {
    this.pid = pid;
  }

  /** Reads the CPU time of every live thread of the process; a thread that ended keeps its last reading. */
  void sample() {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          // "tid (name) state ppid ...": the name may hold spaces and parentheses, so split at the last ')'
          int close = stat.lastIndexOf(')');
          String name = stat.substring(stat.indexOf('(') + 1, close);
          String[] fields = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
          String tid = task.getFileName().toString();
          ticksByThread.put(tid, ticks);
          roleByThread.put(tid, role(name));
        } catch (IOException | RuntimeException threadEnded) {
          // the thread ended between the listing and the read: its last reading stands
        }
      }
    } catch (IOException processEnded) {
      // the process ended: the readings so far stand
    }
  }

  /** Seconds of CPU per role, in a fixed order. */
  Map<String, Double> secondsByRole() {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String role : new String[] {"jit", "gc", "write", "read", "http", "other"}) {
      seconds.put(role, 0.0);
    }
    ticksByThread.forEach((tid, ticks) -> seconds.merge(roleByThread.get(tid), ticks / TICKS_PER_SECOND, Double::sum));
    return seconds;
  }

  /** The role of a thread from its name as Linux keeps it (15 characters at most). */
  static String role(String threadName) {
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return "jit";
    }
    if (threadName.startsWith("GC Thread") || threadName.startsWith("VM Thread")) {
      return "gc";
    }
    if (threadName.startsWith("write-")) {
      return "write"; // IndexArchiver's writing thread of a slice
    }
    if (threadName.startsWith("read-")) {
      return "read"; // IndexArchiver's fetching and converting threads of a slice
    }
    if (threadName.startsWith("elasticsearch-r")) {
      return "http"; // the Elasticsearch REST client's I/O threads
    }
    return "other";
  }
}
