package org.esarchiver.source;

import com.fasterxml.jackson.databind.JsonNode;

/** One document as read from a scroll page. */
public record SourceHit(String index, String id, JsonNode source) {}
