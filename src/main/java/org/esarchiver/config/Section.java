package org.esarchiver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Optional;

/**
 * A YAML mapping of a config file, read key by key. Keys it may not have are rejected when it is opened, so a typo
 * is reported as an unknown key rather than as a missing one.
 */
final class Section {
  private final Field field;
  private final List<String> allowedKeys;

  private Section(Field field, List<String> allowedKeys) {
    this.field = field;
    this.allowedKeys = allowedKeys;
    if (field.isMapping()) {
      field.node().fieldNames().forEachRemaining(this::rejectUnknownKey);
    }
  }

  /** The top level of a file; an empty file reads as an empty mapping. */
  static Section root(String file, JsonNode tree, String... allowedKeys) {
    Field root = new Field(file, "", tree, false);
    if (root.isSet() && !root.isMapping()) {
      throw root.error("expected a mapping of keys (" + String.join(", ", allowedKeys) + ") at the top level, got "
          + root.shown());
    }
    return new Section(root, List.of(allowedKeys));
  }

  /** A nested mapping; when the key is absent it reads as an empty mapping, so its required keys are reported. */
  Section section(String key, String... allowedKeys) {
    Field child = field(key);
    if (child.isSet() && !child.isMapping()) {
      throw child.invalid("a mapping with keys " + String.join(", ", allowedKeys));
    }
    return new Section(child, List.of(allowedKeys));
  }

  Optional<Section> optionalSection(String key, String... allowedKeys) {
    return field(key).isSet() ? Optional.of(section(key, allowedKeys)) : Optional.empty();
  }

  Field field(String key) {
    if (!allowedKeys.contains(key)) {
      throw new IllegalArgumentException(key + " is not declared for " + field.location());
    }
    JsonNode node = field.isMapping() ? field.node().get(key) : null;
    return new Field(field.file(), Field.childKey(field.key(), key), node, false);
  }

  <T> T required(String key, ValueType<T> type) {
    Field value = field(key);
    if (!value.isSet()) {
      throw value.missing(type.expected());
    }
    return type.parse(value);
  }

  <T> Optional<T> optional(String key, ValueType<T> type) {
    Field value = field(key);
    return value.isSet() ? Optional.of(type.parse(value)) : Optional.empty();
  }

  <T> T optional(String key, ValueType<T> type, T defaultValue) {
    return optional(key, type).orElse(defaultValue);
  }

  /** A password or key: its value never appears in a message. */
  Optional<Secret> secret(String key) {
    Field value = field(key).asSecret();
    return value.isSet() ? Optional.of(new Secret(value.text("a string"))) : Optional.empty();
  }

  boolean isSet(String key) {
    return field(key).isSet();
  }

  private void rejectUnknownKey(String key) {
    if (!allowedKeys.contains(key)) {
      Field unknown = new Field(field.file(), Field.childKey(field.key(), key), JsonNodeFactory.instance.nullNode(),
          false);
      throw unknown.problem("unknown key", allowedKeys.size() == 1
          ? allowedKeys.get(0)
          : "one of " + String.join(", ", allowedKeys));
    }
  }
}
