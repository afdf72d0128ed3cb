package org.esarchiver.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdChecksumTest {

  /** The values manifests hold: a change here would make every earlier archive fail its audit. */
  @Test
  void valuesAreThoseOfEarlierManifests() {
    IdChecksum one = new IdChecksum();
    one.add("doc-1");
    // the first 16 bytes of SHA-256("doc-1"), as sha256sum prints them
    assertThat(one.value()).isEqualTo("1:bb0e4f49443794d901e8969ff11bd112");

    IdChecksum four = checksumOf("doc-1", "doc-2", "caf\u00e9", "");
    assertThat(four.value()).isEqualTo("4:8a19d184cf412236de9ac4b6aa15a38c");
  }

  @Test
  void orderDoesNotMatterButADuplicateDoes() {
    assertThat(checksumOf("a", "b", "c")).isEqualTo(checksumOf("c", "a", "b"));
    assertThat(checksumOf("a", "b", "b")).isNotEqualTo(checksumOf("a", "b"));
    assertThat(checksumOf("a", "b", "b").value()).isNotEqualTo(checksumOf("a", "c", "c").value());

    IdChecksum parts = checksumOf("a");
    parts.add(checksumOf("b", "c"));
    assertThat(parts).isEqualTo(checksumOf("a", "b", "c"));
  }

  @Test
  void bytesWithinALargerArrayCountAsTheirId() {
    byte[] page = "xxdoc-1yy".getBytes(StandardCharsets.UTF_8);
    IdChecksum fromBytes = new IdChecksum();
    fromBytes.add(page, 2, 5);
    assertThat(fromBytes).isEqualTo(checksumOf("doc-1"));
  }

  private static IdChecksum checksumOf(String... ids) {
    IdChecksum checksum = new IdChecksum();
    for (String id : ids) {
      checksum.add(id);
    }
    return checksum;
  }
}
