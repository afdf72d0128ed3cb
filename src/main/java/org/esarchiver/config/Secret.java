package org.esarchiver.config;

/** A password or key: its value is only handed to the client that needs it, never printed. */
public record Secret(String value) {
  @Override
  public String toString() {
    return "******";
  }
}
