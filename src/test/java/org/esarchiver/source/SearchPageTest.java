package org.esarchiver.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The head of a search response (read by the fetching thread) and its hits (read once, later, by the converting
 * thread), on responses shaped as Elasticsearch sends them and on odd ones: hits whose {@code _source} comes before
 * their {@code _id} or {@code _routing}, a total or point-in-time id after the hits, {@code "sort":[} inside a source.
 */
class SearchPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the converter saw of each hit: how it was given the source, and the source. */
  private static final HitConverter<String> SEEN = new HitConverter<>() {
    @Override
    public String fromParser(String index, String id, String routing, JsonParser source, byte[] page)
        throws IOException {
      return "parser " + index + "/" + id + "/" + routing + " " + JSON.readTree(source);
    }

    @Override
    public String fromBytes(String index, String id, String routing, byte[] page, int offset, int length)
        throws IOException {
      return "bytes " + index + "/" + id + "/" + routing + " " + JSON.readTree(page, offset, length);
    }
  };

  @Test
  void aScrollPageGivesItsHeadAndItsHitsOnce() throws IOException {
    String response = "{\"_scroll_id\":\"s1\",\"took\":3,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,"
        + "\"skipped\":0,\"failed\":0},\"hits\":{\"total\":{\"value\":7,\"relation\":\"eq\"},\"max_score\":null,"
        + "\"hits\":[" + hit("a", null, "{\"x\":1}", "[0]") + "," + hit("b", "r", "{\"x\":{\"y\":[2]}}", "[1]")
        + "]}}";
    SearchPage page = parse(response, true, false);

    assertThat(page.scrollId()).isEqualTo("s1");
    assertThat(page.totalHits()).isEqualTo(7);
    assertThat(page.failedShards()).isZero();
    assertThat(page.hits().convert(JSON.getFactory(), SEEN)).containsExactly(
        "parser logs/a/null {\"x\":1}", "parser logs/b/r {\"x\":{\"y\":[2]}}");
    assertThat(page.hits().lastSort(JSON)).isEqualTo(JSON.readTree("[1]"));
  }

  @Test
  void hitsAreGivenInChunksAsSoonAsEachIsFull() throws IOException {
    StringBuilder hits = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      hits.append(i == 0 ? "" : ",").append(hit("d" + i, null, "{\"x\":" + i + "}", "[" + i + "]"));
    }
    HitsPage page = parse("{\"hits\":{\"hits\":[" + hits + "]}}", false, false).hits();
    List<List<String>> chunks = new ArrayList<>();
    List<Integer> convertedBefore = new ArrayList<>();
    int[] converted = {0};
    HitConverter<String> counting = new HitConverter<>() {
      @Override
      public String fromParser(String index, String id, String routing, JsonParser source, byte[] page)
          throws IOException {
        converted[0]++;
        return SEEN.fromParser(index, id, routing, source, page);
      }

      @Override
      public String fromBytes(String index, String id, String routing, byte[] page, int offset, int length) {
        throw new AssertionError("every source comes after its _id");
      }
    };

    page.convert(JSON.getFactory(), counting, 2, chunk -> {
      chunks.add(chunk);
      convertedBefore.add(converted[0]);
    });

    assertThat(chunks).extracting(List::size).containsExactly(2, 2, 1);
    assertThat(convertedBefore).containsExactly(2, 4, 5);
    assertThat(chunks.stream().flatMap(List::stream)).containsExactlyElementsOf(page.convert(JSON.getFactory(), SEEN));
    List<List<String>> whole = new ArrayList<>();
    page.convert(JSON.getFactory(), SEEN, 5, whole::add);
    assertThat(whole).extracting(List::size).containsExactly(5);
  }

  @Test
  void aPageWithoutHitsHasNone() throws IOException {
    SearchPage page = parse("{\"_scroll_id\":\"s2\",\"timed_out\":false,\"_shards\":{\"failed\":2},"
        + "\"hits\":{\"total\":{\"value\":7},\"hits\":[]}}", false, false);

    assertThat(page.hits()).isNull();
    assertThat(page.failedShards()).isEqualTo(2);
    assertThat(page.scrollId()).isEqualTo("s2");
  }

  @Test
  void aHeadPartAfterTheHitsIsStillFound() throws IOException {
    String hits = "\"hits\":{\"hits\":[" + hit("a", null, "{}", "[5]") + "],\"total\":{\"value\":1}}";
    SearchPage totalLate = parse("{\"pit_id\":\"p\"," + hits + "}", true, true);
    assertThat(totalLate.totalHits()).isEqualTo(1);
    assertThat(totalLate.hits().convert(JSON.getFactory(), SEEN)).containsExactly("parser logs/a/null {}");

    SearchPage pitLate = parse("{" + hits + ",\"pit_id\":\"p2\"}", false, true);
    assertThat(pitLate.pitId()).isEqualTo("p2");
    assertThat(pitLate.hits().lastSort(JSON)).isEqualTo(JSON.readTree("[5]"));
  }

  @Test
  void aSourceBeforeTheIdOrTheRoutingIsConvertedFromItsBytes() throws IOException {
    String response = "{\"hits\":{\"hits\":["
        + "{\"_source\":{\"z\":\"}\"},\"_index\":\"logs\",\"_id\":\"early\"},"
        + "{\"_index\":\"logs\",\"_id\":\"late-routing\",\"_source\":{\"q\":[1,{\"r\":2}]},\"_routing\":\"r9\"},"
        + hit("plain", null, "{}", null) + "]}}";
    List<String> seen = parse(response, false, false).hits().convert(JSON.getFactory(), SEEN);

    assertThat(seen).containsExactly("bytes logs/early/null {\"z\":\"}\"}",
        "bytes logs/late-routing/r9 {\"q\":[1,{\"r\":2}]}", "parser logs/plain/null {}");
  }

  @Test
  void theLastSortIsTheLastHitsEvenWhenASourceHoldsASortField() throws IOException {
    String lastSourceWithSort = "{\"sort\":[99],\"m\":\"\\\"sort\\\":[98]\"}";
    String ordinary = "{\"hits\":{\"hits\":[" + hit("a", null, "{}", "[1,\"x\"]") + ","
        + hit("b", null, lastSourceWithSort, "[2,\"y\"]") + "]}}";
    assertThat(parse(ordinary, false, false).hits().lastSort(JSON)).isEqualTo(JSON.readTree("[2,\"y\"]"));

    // sort before _source in the last hit: the search from the end finds the source's, which is not last; the walk
    String sortFirst = "{\"hits\":{\"hits\":[{\"_id\":\"c\",\"sort\":[3],\"_source\":" + lastSourceWithSort + "}]}}";
    assertThat(parse(sortFirst, false, false).hits().lastSort(JSON)).isEqualTo(JSON.readTree("[3]"));
  }

  @Test
  void aHitWithoutASourceObjectFailsNamingTheDocument() throws IOException {
    HitsPage hits = parse("{\"hits\":{\"hits\":[{\"_index\":\"logs\",\"_id\":\"n1\",\"_source\":null}]}}", false,
        false).hits();

    assertThatThrownBy(() -> hits.convert(JSON.getFactory(), SEEN)).isInstanceOf(SourceException.class)
        .hasMessageContaining("document n1 of logs has no _source object");
  }

  private static String hit(String id, String routing, String source, String sort) {
    return "{\"_index\":\"logs\",\"_id\":\"" + id + "\",\"_score\":null"
        + (routing == null ? "" : ",\"_routing\":\"" + routing + "\"") + ",\"_source\":" + source
        + (sort == null ? "" : ",\"sort\":" + sort) + "}";
  }

  private static SearchPage parse(String response, boolean wantsTotal, boolean wantsPitId) throws IOException {
    byte[] bytes = ("  " + response + "  ").getBytes(StandardCharsets.UTF_8);
    byte[] buffer = java.util.Arrays.copyOf(bytes, bytes.length + 100); // a buffer larger than the body
    return SearchPage.parse(buffer, bytes.length, JSON, 10, wantsTotal, wantsPitId);
  }
}
