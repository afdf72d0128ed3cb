package org.esarchiver.source;

import com.fasterxml.jackson.databind.JsonNode;

/** One document as read from a scroll page; {@code routing} is null unless the document was indexed with one. */
public record SourceHit(String index, String id, String routing, JsonNode source) {}
