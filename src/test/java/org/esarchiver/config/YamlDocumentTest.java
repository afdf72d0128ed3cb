package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlDocumentTest {
  @TempDir
  Path dir;

  @Test
  void scalarsKeepTheirExactText() throws IOException {
    JsonNode tree = read("a: 0123\nb: 1.10\nc: yes\nd: 1e5\ne: 'quoted'\nf: [1, two]\n");

    assertThat(tree.get("a").textValue()).isEqualTo("0123");
    assertThat(tree.get("b").textValue()).isEqualTo("1.10");
    assertThat(tree.get("c").textValue()).isEqualTo("yes");
    assertThat(tree.get("d").textValue()).isEqualTo("1e5");
    assertThat(tree.get("e").textValue()).isEqualTo("quoted");
    assertThat(tree.get("f").get(0).textValue()).isEqualTo("1");
  }

  @Test
  void nullsStayNullAndAnEmptyFileHasNoRoot() throws IOException {
    JsonNode tree = read("a:\nb: ~\nc: null\nd: 'null'\n");

    assertThat(tree.get("a").isNull()).isTrue();
    assertThat(tree.get("b").isNull()).isTrue();
    assertThat(tree.get("c").isNull()).isTrue();
    assertThat(tree.get("d").textValue()).isEqualTo("null");
    assertThat(read("# just a comment\n")).isNull();
  }

  @Test
  void rejectsWhatWouldSilentlyMisread() throws IOException {
    Path aliases = write("a: &x 1\nb: *x\n");
    assertThatThrownBy(() -> YamlDocument.read(aliases, "f.yaml"))
        .hasMessage("f.yaml: invalid YAML at line 2, column 4: aliases (*x) are not supported;"
            + " expected the value written out");

    Path twoDocuments = write("a: 1\n---\nb: 2\n");
    assertThatThrownBy(() -> YamlDocument.read(twoDocuments, "f.yaml"))
        .hasMessage("f.yaml: invalid YAML at line 3, column 1: more than one document; expected a single document");

    Path duplicate = write("a:\n  b: 1\n  b: 2\n");
    assertThatThrownBy(() -> YamlDocument.read(duplicate, "f.yaml"))
        .hasMessage("f.yaml: a.b: duplicate key at line 3; expected each key once");
  }

  @Test
  void syntaxErrorsGiveLineColumnAndAShortReason() throws IOException {
    Path tab = write("a:\tb\n");
    assertThatThrownBy(() -> YamlDocument.read(tab, "f.yaml"))
        .hasMessage("f.yaml: invalid YAML at line 1, column 3: found character 'TAB' that cannot start any token."
            + " (Do not use TAB for indentation)");

    Path unclosed = write("a: [1, 2\n");
    assertThatThrownBy(() -> YamlDocument.read(unclosed, "f.yaml"))
        .hasMessage("f.yaml: invalid YAML at line 2, column 1: expected ',' or ']', but got <stream end>");

    Path complexKey = write("? [1, 2]\n: x\n");
    assertThatThrownBy(() -> YamlDocument.read(complexKey, "f.yaml"))
        .hasMessage("f.yaml: invalid YAML at line 1, column 4: unsupported YAML construct;"
            + " expected plain keys with values");
  }

  @Test
  void unreadableFiles() throws IOException {
    assertThatThrownBy(() -> YamlDocument.read(dir, "d"))
        .hasMessage("d: cannot read file (Is a directory)");
    Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9});
    assertThatThrownBy(() -> YamlDocument.read(latin1, "latin1.yaml"))
        .hasMessage("latin1.yaml: cannot read file (not valid UTF-8 text)");
  }

  private JsonNode read(String yaml) throws IOException {
    return YamlDocument.read(write(yaml), "f.yaml");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "doc", ".yaml"), yaml);
  }
}
