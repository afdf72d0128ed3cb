package org.esarchiver.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSchemaTest {
  @Test
  void reportsFieldsWhoseTypeDriftedAndKeepsTheEstablishedType() {
    JobSchema schema = JobSchema.empty().including("logs-2019.03.01", Map.of("status", "long", "msg", "text"));

    assertThat(schema.conflictsWith(Map.of("status", "keyword", "msg", "text", "new", "ip")))
        .containsExactly("field 'status' is keyword here but long in earlier archives (since logs-2019.03.01); "
            + "pin it with columns: in the job to keep one type");

    JobSchema next = schema.including("logs-2019.03.02", Map.of("status", "keyword", "new", "ip"));
    assertThat(next.fields().get("status")).isEqualTo(new JobSchema.FieldOrigin("long", "logs-2019.03.01"));
    assertThat(next.fields().get("new")).isEqualTo(new JobSchema.FieldOrigin("ip", "logs-2019.03.02"));
  }
}
