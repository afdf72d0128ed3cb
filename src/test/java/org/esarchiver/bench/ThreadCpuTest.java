package org.esarchiver.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void namesThreadsByRoleAsLinuxTruncatesThem() {
    assertThat(ThreadCpu.role("C2 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.role("C1 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.role("GC Thread#1")).isEqualTo("gc");
    assertThat(ThreadCpu.role("write-bench-n50")).isEqualTo("write");
    assertThat(ThreadCpu.role("read-bench-n500")).isEqualTo("read");
    assertThat(ThreadCpu.role("elasticsearch-r")).isEqualTo("http");
    assertThat(ThreadCpu.role("kafka-producer-")).isEqualTo("other");
  }

  @Test
  void keepsTheCpuOfAThreadThatEndedAfterItWasSampled() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    ThreadCpu cpu = new ThreadCpu(ProcessHandle.current().pid());
    Thread busy = new Thread(() -> {
      // until it used 0.25 s of CPU, however busy the machine is
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long x = 0;
      while (threads.getCurrentThreadCpuTime() < 250_000_000L) {
        x += Long.numberOfTrailingZeros(x + System.nanoTime());
      }
      cpu.sample(); // from inside, so that the thread is still alive when read
      if (x == 42) {
        System.out.println(x);
      }
    }, "write-test");
    busy.start();
    busy.join();
    Map<String, Double> seconds = cpu.secondsByRole();
    assertThat(seconds).containsOnlyKeys("jit", "gc", "write", "read", "http", "other");
    assertThat(seconds.get("write")).isGreaterThanOrEqualTo(0.2);
    assertThat(seconds.get("read")).isZero();
  }
}
