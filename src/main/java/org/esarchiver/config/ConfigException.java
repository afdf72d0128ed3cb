package org.esarchiver.config;

/** Invalid configuration or job file. The message names the file and key at fault; the CLI exits with code 2. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
