package org.esarchiver.audit;

/** A partition directory whose {@code _manifest.json} exists but cannot be read or lacks what an archive needs. */
public record UnreadableArchive(String location, String error) implements InspectedArchive {}
