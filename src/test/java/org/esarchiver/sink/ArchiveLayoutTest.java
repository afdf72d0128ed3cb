package org.esarchiver.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {
  private static final LocalDate DATE = LocalDate.of(2019, 3, 1);

  @Test
  void rendersTheDefaultHivePartition() {
    assertThat(new ArchiveLayout("/archive/{job}/dt={date}/").render("logs", "logs-2019.03.01", DATE))
        .isEqualTo("/archive/logs/dt=2019-03-01");
  }

  @Test
  void rendersIndexAndCustomDateFormats() {
    assertThat(new ArchiveLayout("/a/{job}/{date:yyyy/MM/dd}/{index}").render("j", "logs-2019.03.01", DATE))
        .isEqualTo("/a/j/2019/03/01/logs-2019.03.01");
  }

  @Test
  void keepsReplacementCharactersLiteral() {
    assertThat(new ArchiveLayout("/a/{index}").render("j", "we$ird\\name", DATE)).isEqualTo("/a/we$ird\\name");
  }

  @Test
  void theJobRootIsThePartBeforeTheFirstIndexOrDateSegment() {
    assertThat(new ArchiveLayout("/archive/{job}/dt={date}/").jobRoot("logs")).isEqualTo("/archive/logs");
    assertThat(new ArchiveLayout("/a/{job}/{date:yyyy}/{index}").jobRoot("j")).isEqualTo("/a/j");
    assertThat(new ArchiveLayout("/{index}").jobRoot("j")).isEqualTo("/");
  }
}
