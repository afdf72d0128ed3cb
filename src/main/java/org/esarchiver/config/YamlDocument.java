package org.esarchiver.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into a tree of mappings, lists, nulls and text. Every scalar keeps the exact text of the file:
 * Jackson's own binding would turn {@code 0123} into 83 and {@code 1.10} into 1.1, which is wrong for passwords and
 * property values; the typed readers convert text to numbers themselves.
 */
final class YamlDocument {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlDocument() {}

  /** The document's root, or null for an empty file. {@code label} is the file as the user gave it. */
  static JsonNode read(Path file, String label) {
    String text = readText(file, label);
    try (YAMLParser parser = (YAMLParser) YAML.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      JsonNode root = readValue(parser, label, "");
      if (parser.nextToken() != null) {
        throw syntaxError(label, parser.currentTokenLocation(), "more than one document; expected a single document");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw syntaxError(label, e);
    } catch (IOException e) {
      throw new ConfigException(label + ": cannot read file (" + reason(e) + ")", e);
    }
  }

  private static String readText(Path file, String label) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(label + ": cannot read file (Is a directory)");
    }
    try {
      return Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new ConfigException(label + ": cannot read file (not valid UTF-8 text)", e);
    } catch (IOException e) {
      throw new ConfigException(label + ": cannot read file (" + reason(e) + ")", e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static JsonNode readValue(YAMLParser parser, String label, String key) throws IOException {
    if (parser.isCurrentAlias()) {
      throw syntaxError(label, parser.currentTokenLocation(),
          "aliases (*" + parser.getText() + ") are not supported; expected the value written out");
    }
    return switch (parser.currentToken()) {
      case START_OBJECT -> readMapping(parser, label, key);
      case START_ARRAY -> readList(parser, label, key);
      case VALUE_NULL -> NODES.nullNode();
      default -> NODES.textNode(parser.getText());
    };
  }

  private static ObjectNode readMapping(YAMLParser parser, String label, String key) throws IOException {
    ObjectNode mapping = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String childKey = Field.childKey(key, name);
      if (mapping.has(name)) {
        throw new ConfigException(label + ": " + childKey + ": duplicate key at line "
            + parser.currentTokenLocation().getLineNr() + "; expected each key once");
      }
      parser.nextToken();
      mapping.set(name, readValue(parser, label, childKey));
    }
    return mapping;
  }

  private static ArrayNode readList(YAMLParser parser, String label, String key) throws IOException {
    ArrayNode list = NODES.arrayNode();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      list.add(readValue(parser, label, key + "[" + list.size() + "]"));
    }
    return list;
  }

  private static ConfigException syntaxError(String label, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark mark = yaml.getProblemMark();
      return syntaxError(label, mark.getLine() + 1, mark.getColumn() + 1, shorten(yaml.getProblem()), e);
    }
    // Not a scanner error: Jackson refuses a construct it cannot map, such as a list used as a key.
    return syntaxError(label, e.getLocation(), "unsupported YAML construct; expected plain keys with values");
  }

  private static ConfigException syntaxError(String label, JsonLocation location, String reason) {
    int line = location == null ? 0 : location.getLineNr();
    int column = location == null ? 0 : location.getColumnNr();
    return syntaxError(label, line, column, reason, null);
  }

  private static ConfigException syntaxError(String label, int line, int column, String reason, Throwable cause) {
    String where = line > 0 ? " at line " + line + ", column " + column : "";
    return new ConfigException(label + ": invalid YAML" + where + ": " + reason, cause);
  }

  private static String shorten(String problem) {
    if (problem == null || problem.isBlank()) {
      return "syntax error";
    }
    String firstLine = problem.strip().lines().findFirst().orElse(problem);
    return firstLine.replace("\\t(TAB)", "TAB");
  }
}
