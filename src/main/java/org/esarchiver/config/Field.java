package org.esarchiver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One value of a config file together with the file and dotted key it came from, so that every error names both.
 * Scalars are always text nodes (see {@link YamlDocument}); a missing key has a null node.
 */
final class Field {
  private static final Pattern SHOWN_UNQUOTED = Pattern.compile("-?\\d+(\\.\\d+)?|true|false");
  private static final int MAX_SHOWN_LENGTH = 80;

  private final String file;
  private final String key;
  private final JsonNode node;
  private final boolean secret;

  Field(String file, String key, JsonNode node, boolean secret) {
    this.file = file;
    this.key = key;
    this.node = node;
    this.secret = secret;
  }

  static String childKey(String parentKey, String name) {
    return parentKey.isEmpty() ? name : parentKey + "." + name;
  }

  String file() {
    return file;
  }

  String key() {
    return key;
  }

  JsonNode node() {
    return node;
  }

  Field asSecret() {
    return new Field(file, key, node, true);
  }

  /** False for an absent key, a YAML null and an empty string: all three mean "not set". */
  boolean isSet() {
    return node != null && !node.isNull() && !(node.isTextual() && node.textValue().isEmpty());
  }

  boolean isMapping() {
    return node != null && node.isObject();
  }

  /** The scalar's text; lists and mappings are an error. */
  String text(String expected) {
    if (!node.isTextual()) {
      throw invalid(expected);
    }
    return node.textValue();
  }

  /** The items of a list, keyed key[0], key[1], ...; a scalar is a list of one. */
  List<Field> items(String expected) {
    if (node.isObject()) {
      throw invalid(expected);
    }
    if (!node.isArray()) {
      return List.of(this);
    }
    List<Field> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(item(i, node.get(i)));
    }
    return items;
  }

  /** A field standing for one item of this value, such as one URL of a comma-separated list. */
  Field item(int index, JsonNode itemNode) {
    return new Field(file, key + "[" + index + "]", itemNode, secret);
  }

  Field item(int index, String text) {
    return item(index, TextNode.valueOf(text));
  }

  /** The entries of a mapping, in file order, each keyed by its dotted path. */
  Map<String, Field> entries(String expected) {
    if (!node.isObject()) {
      throw invalid(expected);
    }
    Map<String, Field> entries = new LinkedHashMap<>();
    node.fields().forEachRemaining(entry ->
        entries.put(entry.getKey(), new Field(file, childKey(key, entry.getKey()), entry.getValue(), secret)));
    return entries;
  }

  /** {@code <file>: <key>: expected <expected>, got <value>}. */
  ConfigException invalid(String expected) {
    return error("expected " + expected + ", got " + shown());
  }

  /** {@code <file>: <key>: <problem>; expected <expected>}. */
  ConfigException problem(String problem, String expected) {
    return error(problem + "; expected " + expected);
  }

  ConfigException missing(String expected) {
    return problem("missing required value", expected);
  }

  ConfigException error(String message) {
    return new ConfigException(location() + ": " + message);
  }

  String location() {
    return key.isEmpty() ? file : file + ": " + key;
  }

  /** The value as it may appear in a message: quoted text, or only its kind for lists, mappings and secrets. */
  String shown() {
    if (node == null || node.isNull()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (secret) {
      return "a value that is not shown because it is secret";
    }
    return show(node.asText());
  }

  static String show(String text) {
    if (SHOWN_UNQUOTED.matcher(text).matches()) {
      return text;
    }
    String shortened = text.length() > MAX_SHOWN_LENGTH ? text.substring(0, MAX_SHOWN_LENGTH) + "..." : text;
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : shortened.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        case '\r' -> quoted.append("\\r");
        default -> quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
