package org.esarchiver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every text value of a YAML tree. As in the shell, the default
 * also applies when the variable is set but empty. Messages never quote the value, which may be a secret.
 */
final class EnvironmentSubstitution {
  private static final Pattern REFERENCE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?", Pattern.DOTALL);
  private static final String EXPECTED_SYNTAX = "${NAME} or ${NAME:-default}, NAME made of letters, digits and _";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, String> env;
  private final String file;

  private EnvironmentSubstitution(Map<String, String> env, String file) {
    this.env = env;
    this.file = file;
  }

  /** A copy of {@code tree} with every reference replaced; null stays null. */
  static JsonNode apply(JsonNode tree, Map<String, String> env, String file) {
    return tree == null ? null : new EnvironmentSubstitution(env, file).substitute(tree, "");
  }

  private JsonNode substitute(JsonNode node, String key) {
    if (node.isObject()) {
      ObjectNode mapping = NODES.objectNode();
      node.fields().forEachRemaining(entry ->
          mapping.set(entry.getKey(), substitute(entry.getValue(), Field.childKey(key, entry.getKey()))));
      return mapping;
    }
    if (node.isArray()) {
      ArrayNode list = NODES.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        list.add(substitute(node.get(i), key + "[" + i + "]"));
      }
      return list;
    }
    if (node.isTextual()) {
      return NODES.textNode(substitute(node.textValue(), key));
    }
    return node;
  }

  private String substitute(String value, String key) {
    StringBuilder result = new StringBuilder();
    int position = 0;
    int start;
    while ((start = value.indexOf("${", position)) >= 0) {
      int end = value.indexOf('}', start);
      if (end < 0) {
        throw error(key, "\"${\" without a closing \"}\"; expected " + EXPECTED_SYNTAX);
      }
      result.append(value, position, start).append(resolve(value.substring(start + 2, end), key));
      position = end + 1;
    }
    return result.append(value.substring(position)).toString();
  }

  private String resolve(String reference, String key) {
    Matcher matcher = REFERENCE.matcher(reference);
    if (!matcher.matches()) {
      throw error(key, "malformed environment variable reference; expected " + EXPECTED_SYNTAX);
    }
    String name = matcher.group(1);
    String defaultValue = matcher.group(2);
    if (defaultValue != null && defaultValue.contains("${")) {
      throw error(key, "nested environment variable references are not supported; expected " + EXPECTED_SYNTAX
          + " with a literal default");
    }
    String value = env.get(name);
    if (defaultValue != null && (value == null || value.isEmpty())) {
      return defaultValue;
    }
    if (value == null) {
      throw error(key, "environment variable " + name + " is not set (use ${" + name + ":-default} for a default)");
    }
    return value;
  }

  private ConfigException error(String key, String message) {
    return new ConfigException(file + ": " + (key.isEmpty() ? "" : key + ": ") + message);
  }
}
