package org.esarchiver.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks the values of free-form Hadoop and Kafka properties that may hold credentials (fs.s3a.secret.key,
 * sasl.jaas.config, ssl.key.password...) when a connection is printed.
 */
final class SensitiveProperties {
  private static final Pattern SENSITIVE_NAME =
      Pattern.compile("(?i).*(password|secret|jaas|token|credential|\\.key(\\.|$)).*");

  private SensitiveProperties() {}

  static Map<String, String> masked(Map<String, String> properties) {
    Map<String, String> masked = new LinkedHashMap<>();
    properties.forEach((name, value) ->
        masked.put(name, SENSITIVE_NAME.matcher(name).matches() ? new Secret(value).toString() : value));
    return masked;
  }
}
