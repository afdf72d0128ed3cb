package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSubstitutionTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void replacesSetVariablesAndDefaults() {
    Map<String, String> env = Map.of("H", "es1", "EMPTY", "");

    assertThat(substitute("http://${H:-localhost}:${P:-9200}", env)).isEqualTo("http://es1:9200");
    assertThat(substitute("${EMPTY:-fallback}", env)).isEqualTo("fallback");
    assertThat(substitute("[${EMPTY}]", env)).isEqualTo("[]");
    assertThat(substitute("${MISSING:-}", env)).isEmpty();
    assertThat(substitute("${MISSING:-a:b-c}", env)).isEqualTo("a:b-c");
    assertThat(substitute("costs $5, {braces} and $ {spaced}", env)).isEqualTo("costs $5, {braces} and $ {spaced}");
  }

  @Test
  void substitutesInsideListsAndMappingsAndLeavesNullsAlone() {
    ObjectNode tree = NODES.objectNode();
    tree.putArray("hosts").add("${A}").add("${B:-b}");
    tree.putObject("properties").put("x", "${A}-${A}").putNull("y");

    JsonNode result = EnvironmentSubstitution.apply(tree, Map.of("A", "a"), "f.yaml");

    assertThat(result.get("hosts").get(0).textValue()).isEqualTo("a");
    assertThat(result.get("hosts").get(1).textValue()).isEqualTo("b");
    assertThat(result.get("properties").get("x").textValue()).isEqualTo("a-a");
    assertThat(result.get("properties").get("y").isNull()).isTrue();
    assertThat(tree.get("hosts").get(0).textValue()).as("the input is not modified").isEqualTo("${A}");
  }

  @Test
  void errorsNameFileKeyAndVariableButNotTheValue() {
    ObjectNode tree = NODES.objectNode();
    tree.putObject("kafka").putArray("servers").add("ok").add("${KAFKA_HOST}:9092");

    assertThatThrownBy(() -> EnvironmentSubstitution.apply(tree, Map.of(), "conf/archiver.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("conf/archiver.yaml: kafka.servers[1]: environment variable KAFKA_HOST is not set"
            + " (use ${KAFKA_HOST:-default} for a default)");

    assertThatThrownBy(() -> substitute("pa${ss", Map.of()))
        .hasMessage("f.yaml: key: \"${\" without a closing \"}\"; expected ${NAME} or ${NAME:-default},"
            + " NAME made of letters, digits and _");
    assertThatThrownBy(() -> substitute("x${not a name}y", Map.of()))
        .hasMessage("f.yaml: key: malformed environment variable reference; expected ${NAME} or ${NAME:-default},"
            + " NAME made of letters, digits and _")
        .message().doesNotContain("not a name");
    assertThatThrownBy(() -> substitute("${A:-${B}}", Map.of()))
        .hasMessageContaining("nested environment variable references are not supported");
  }

  private static String substitute(String value, Map<String, String> env) {
    ObjectNode tree = NODES.objectNode().put("key", value);
    return EnvironmentSubstitution.apply(tree, env, "f.yaml").get("key").textValue();
  }
}
