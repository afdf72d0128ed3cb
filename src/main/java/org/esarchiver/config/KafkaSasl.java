package org.esarchiver.config;

/** SASL credentials for Kafka. The password is a {@link Secret}, never printed; see {@link #toString()}. */
public record KafkaSasl(Mechanism mechanism, String username, Secret password) {

  /** The SASL mechanisms es-archiver configures, by their Kafka names. */
  public enum Mechanism {
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

    private final String kafkaName;
    private final String loginModule;

    Mechanism(String kafkaName, String loginModule) {
      this.kafkaName = kafkaName;
      this.loginModule = loginModule;
    }

    public String kafkaName() {
      return kafkaName;
    }

    public String loginModule() {
      return loginModule;
    }
  }

  @Override
  public String toString() {
    return "KafkaSasl[mechanism=" + mechanism.kafkaName() + ", username=" + username + ", password=" + password + "]";
  }
}
