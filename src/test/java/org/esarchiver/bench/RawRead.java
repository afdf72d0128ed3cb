package org.esarchiver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.http.HttpEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

/**
 * The read ceiling: every document of an index read with the low-level RestClient, one thread per slice, the response
 * bytes consumed and thrown away. Only what is needed to continue is looked at, without parsing the hits: the scroll
 * id (at the start of a scroll response) or the last hit's sort values (the last {@code "sort":[...]} of a
 * point-in-time page), and the hit count ({@code "_id":} occurrences).
 */
final class RawRead {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] ID = "\"_id\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SORT = "\"sort\":[".getBytes(StandardCharsets.US_ASCII);

  record Result(String mode, int slices, long documents, long responseBytes, double seconds) {}

  private RawRead() {}

  static Result scroll(RestClient es, String index, int slices, int pageSize) throws Exception {
    return run("scroll", slices, slice -> scrollSlice(es, index, slice, slices, pageSize));
  }

  static Result pit(RestClient es, String index, int slices, int pageSize) throws Exception {
    Request open = new Request("POST", "/" + index + "/_pit");
    open.addParameter("keep_alive", "2m");
    String pitId = JSON.readTree(es.performRequest(open).getEntity().getContent()).path("id").asText();
    try {
      return run("pit", slices, slice -> pitSlice(es, pitId, slice, slices, pageSize));
    } finally {
      Request close = new Request("DELETE", "/_pit");
      close.setJsonEntity(JSON.createObjectNode().put("id", pitId).toString());
      es.performRequest(close);
    }
  }

  private interface SliceReader {
    long[] read(int slice) throws Exception; // {documents, bytes}
  }

  private static Result run(String mode, int slices, SliceReader reader) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(slices);
    try {
      long start = System.nanoTime();
      List<Future<long[]>> futures = new ArrayList<>();
      for (int s = 0; s < slices; s++) {
        int slice = s;
        futures.add(pool.submit(() -> reader.read(slice)));
      }
      long docs = 0;
      long bytes = 0;
      for (Future<long[]> f : futures) {
        long[] r = f.get();
        docs += r[0];
        bytes += r[1];
      }
      return new Result(mode, slices, docs, bytes, (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String sliceClause(int slice, int slices) {
    return slices > 1 ? "\"slice\":{\"id\":" + slice + ",\"max\":" + slices + "}," : "";
  }

  private static long[] scrollSlice(RestClient es, String index, int slice, int slices, int pageSize)
      throws IOException {
    Request first = new Request("POST", "/" + index + "/_search");
    first.addParameter("scroll", "2m");
    first.setJsonEntity("{" + sliceClause(slice, slices) + "\"size\":" + pageSize
        + ",\"sort\":[\"_doc\"]}");
    byte[] page = body(es.performRequest(first).getEntity());
    long docs = 0;
    long bytes = 0;
    String scrollId = null;
    try {
      while (true) {
        bytes += page.length;
        int hits = count(page, ID);
        scrollId = scrollId(page);
        docs += hits;
        if (hits == 0) {
          return new long[] {docs, bytes};
        }
        Request next = new Request("POST", "/_search/scroll");
        next.setJsonEntity("{\"scroll\":\"2m\",\"scroll_id\":\"" + scrollId + "\"}");
        page = body(es.performRequest(next).getEntity());
      }
    } finally {
      if (scrollId != null) {
        Request clear = new Request("DELETE", "/_search/scroll");
        clear.setJsonEntity("{\"scroll_id\":\"" + scrollId + "\"}");
        es.performRequest(clear);
      }
    }
  }

  private static long[] pitSlice(RestClient es, String pitId, int slice, int slices, int pageSize)
      throws IOException {
    long docs = 0;
    long bytes = 0;
    String after = null;
    while (true) {
      Request search = new Request("POST", "/_search");
      search.setJsonEntity("{\"pit\":{\"id\":\"" + pitId + "\",\"keep_alive\":\"2m\"}," + sliceClause(slice, slices)
          + "\"size\":" + pageSize + ",\"sort\":[{\"_shard_doc\":\"asc\"}],\"track_total_hits\":false"
          + (after == null ? "" : ",\"search_after\":[" + after + "]") + "}");
      byte[] page = body(es.performRequest(search).getEntity());
      bytes += page.length;
      int hits = count(page, ID);
      docs += hits;
      if (hits < pageSize) {
        return new long[] {docs, bytes};
      }
      after = lastSort(page);
    }
  }

  private static byte[] body(HttpEntity entity) throws IOException {
    try (InputStream in = entity.getContent()) {
      return in.readAllBytes();
    }
  }

  private static String scrollId(byte[] page) throws IOException {
    try (var parser = JSON.getFactory().createParser(page)) {
      while (parser.nextToken() != null) {
        if (parser.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
            && "_scroll_id".equals(parser.currentName())) {
          return parser.nextTextValue();
        }
        if (parser.currentToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT
            || parser.currentToken() == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
          if (parser.getParsingContext().getParent() != null && parser.getParsingContext().getParent().inRoot()) {
            continue;
          }
          parser.skipChildren();
        }
      }
    }
    throw new IllegalStateException("no _scroll_id in the response");
  }

  private static String lastSort(byte[] page) {
    int at = lastIndexOf(page, SORT);
    if (at < 0) {
      throw new IllegalStateException("no sort values in a full page");
    }
    int from = at + SORT.length;
    int to = from;
    while (page[to] != ']') {
      to++;
    }
    return new String(page, from, to - from, StandardCharsets.US_ASCII);
  }

  private static int count(byte[] data, byte[] pattern) {
    int n = 0;
    outer:
    for (int i = 0, end = data.length - pattern.length; i <= end; i++) {
      if (data[i] != pattern[0]) {
        continue;
      }
      for (int j = 1; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      n++;
    }
    return n;
  }

  private static int lastIndexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = data.length - pattern.length; i >= 0; i--) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
