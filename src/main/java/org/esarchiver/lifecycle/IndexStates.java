package org.esarchiver.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.esarchiver.source.ElasticsearchHttp;

/** The index-level operations around an archive: write block, refresh, open, close, read-only, delete. */
public final class IndexStates {
  static final String WRITE_BLOCK = "index.blocks.write";
  static final String READ_ONLY = "index.blocks.read_only";

  private final ElasticsearchHttp http;

  public IndexStates(ElasticsearchHttp http) {
    this.http = http;
  }

  /** The index's own index.blocks.write setting: true, false, or empty when it is not set. */
  public Optional<Boolean> writeBlock(String index) {
    JsonNode value = http.requestJson("GET", "/" + index + "/_settings/" + WRITE_BLOCK + "?flat_settings=true", null)
        .path(index).path("settings").path(WRITE_BLOCK);
    return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asBoolean());
  }

  /** Sets index.blocks.write, or removes the setting for an empty value. */
  public void setWriteBlock(String index, Optional<Boolean> value) {
    putSetting(index, WRITE_BLOCK, value);
  }

  public void makeReadOnly(String index) {
    putSetting(index, READ_ONLY, Optional.of(true));
  }

  /** Makes every document indexed so far visible to counts and scrolls. */
  public void refresh(String index) {
    http.requestJson("POST", "/" + index + "/_refresh", null);
  }

  /** Opens a closed index and waits until its primaries are active, so it can be read. */
  public void open(String index) {
    http.requestJson("POST", "/" + index + "/_open?wait_for_active_shards=1", null);
  }

  public void close(String index) {
    http.requestJson("POST", "/" + index + "/_close", null);
  }

  public void delete(String index) {
    http.requestJson("DELETE", "/" + index, null);
  }

  public boolean exists(String index) {
    return http.exists("/_resolve/index/" + index + "?expand_wildcards=all");
  }

  private void putSetting(String index, String setting, Optional<Boolean> value) {
    ObjectNode body = http.json().createObjectNode();
    if (value.isPresent()) {
      body.put(setting, value.get());
    } else {
      body.putNull(setting);
    }
    http.requestJson("PUT", "/" + index + "/_settings", body.toString());
  }
}
