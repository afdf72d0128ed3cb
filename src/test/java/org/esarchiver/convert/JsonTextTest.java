package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTextTest {
  @Test
  void findsLoneAndReversedSurrogatesButNotPairs() {
    assertThat(JsonText.hasLoneSurrogate("plain é")).isFalse();
    assertThat(JsonText.hasLoneSurrogate("\uD83D\uDE00")).isFalse();
    assertThat(JsonText.hasLoneSurrogate("a\uD800b")).isTrue();
    assertThat(JsonText.hasLoneSurrogate("end\uD800")).isTrue();
    assertThat(JsonText.hasLoneSurrogate("\uDC00")).isTrue();
    assertThat(JsonText.hasLoneSurrogate("\uDC00\uD800")).isTrue();
  }

  @Test
  void escapedTextMeansTheSameStringsAndIsPlainUtf8() throws Exception {
    String json = new ObjectMapper().writeValueAsString(java.util.Map.of("k\uD800", "\uDC00\uD800 \uD83D\uDE00"));

    String escaped = JsonText.escapeLoneSurrogates(json);

    assertThat(escaped).isEqualTo("{\"k\\ud800\":\"\\udc00\\ud800 \uD83D\uDE00\"}");
    assertThat(new ObjectMapper().readTree(escaped)).isEqualTo(new ObjectMapper().readTree(json));
    assertThat(JsonText.escapeLoneSurrogates("{\"a\":1}")).isEqualTo("{\"a\":1}");
  }
}
