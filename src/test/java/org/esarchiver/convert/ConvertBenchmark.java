package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Not a test (surefire does not run it): prints the conversion time per document, for the access-log document and for
 * the all-types document of the hostile corpus, to keep conversion on the hot path cheap. Run after {@code mvn
 * test-compile} with {@code java -cp target/test-classes:target/classes:<dependencies>
 * org.esarchiver.convert.ConvertBenchmark}.
 */
public final class ConvertBenchmark {

  private ConvertBenchmark() {}

  public static void main(String[] args) {
    run("access log", ConvertFixtures.accessLogSchema(), ConvertFixtures.resource("access-log.document.json"));
    run("all types", HostileCorpus.schema(), HostileCorpus.hits().get(0).get("_source"));
  }

  private static void run(String name, ArchiveSchema schema, JsonNode document) {
    DocumentConverter converter = new DocumentConverter(schema);
    for (int round = 0; round < 6; round++) {
      int documents = 500_000;
      long start = System.nanoTime();
      long ids = 0;
      for (int i = 0; i < documents; i++) {
        ids += converter.convert("index", "id", document).get(0) != null ? 1 : 0;
      }
      long elapsed = System.nanoTime() - start;
      System.out.printf("%s: %.3f us/doc (%d)%n", name, elapsed / 1000.0 / documents, ids);
    }
    List.of(converter.overflowDocuments()).forEach(n -> System.out.printf("%s: %d documents with overflow%n", name, n));
  }
}
