package org.esarchiver.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;
import org.esarchiver.config.KafkaConnection;
import org.esarchiver.config.KafkaSasl;
import org.esarchiver.config.Secret;
import org.junit.jupiter.api.Test;

/** The producer's security settings follow kafka.sasl and kafka.ca_certificate; kafka.producer still wins. */
class KafkaSecurityPropertiesTest {
  private static final KafkaSasl SASL =
      new KafkaSasl(KafkaSasl.Mechanism.SCRAM_SHA_512, "archiver", new Secret("pa\"ss\\word"));

  @Test
  void protocolFollowsWhatIsConfigured() {
    assertThat(protocol(Optional.empty(), Optional.empty())).isEqualTo("PLAINTEXT");
    assertThat(protocol(Optional.of(SASL), Optional.empty())).isEqualTo("SASL_PLAINTEXT");
    assertThat(protocol(Optional.of(SASL), Optional.of(Path.of("/ca.crt")))).isEqualTo("SASL_SSL");
    assertThat(protocol(Optional.empty(), Optional.of(Path.of("/ca.crt")))).isEqualTo("SSL");
  }

  @Test
  void jaasLineQuotesTheCredentialsAndIsAMaskedPassword() {
    Map<String, Object> props = KafkaEventPublisher.producerProperties(
        new KafkaConnection("k:9093", "t", Optional.of(SASL), Optional.of(Path.of("/ca.crt")), Map.of()));

    assertThat(props).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.location", "/ca.crt");
    Password jaas = (Password) props.get("sasl.jaas.config");
    assertThat(jaas.value()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required"
        + " username=\"archiver\" password=\"pa\\\"ss\\\\word\";");
    assertThat(jaas.toString()).doesNotContain("word");
  }

  @Test
  void producerSettingsOverrideAllButAcksAndIdempotence() {
    Map<String, Object> props = KafkaEventPublisher.producerProperties(new KafkaConnection("k:9093", "t",
        Optional.of(SASL), Optional.empty(), Map.of("security.protocol", "SASL_SSL", "acks", "1")));

    assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("acks", "all");
  }

  private static String protocol(Optional<KafkaSasl> sasl, Optional<Path> ca) {
    return (String) KafkaEventPublisher.securityProperties(new KafkaConnection("k:9092", "t", sasl, ca, Map.of()))
        .get("security.protocol");
  }
}
