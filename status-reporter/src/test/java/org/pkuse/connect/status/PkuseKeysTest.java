package org.pkuse.connect.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class PkuseKeysTest {

    private static final ConfigDef DEF = StatusConfig.update(new ConfigDef()
            .define("pkuse.task.id", ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH, "job"));

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Config result = new Config(new ArrayList<>());
        PkuseKeys.check(DEF, props, result);
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (ConfigValue v : result.configValues()) {
            assertThat(v.value()).as("unknown keys are not echoed").isNull();
            out.put(v.name(), v.errorMessages());
        }
        return out;
    }

    @Test
    void typoOfTheJobKeyIsRejectedWithTheKeyMeant() {
        assertThat(errors(Map.of("pkuse.taskid", "100003")).get("pkuse.taskid")).singleElement().asString()
                .contains("Unknown key 'pkuse.taskid'").contains("did you mean 'pkuse.task.id'?");
        assertThat(errors(Map.of("org.pkuse.kafka.brokers", "b:9092")).get("org.pkuse.kafka.brokers"))
                .singleElement().asString().contains("did you mean 'org.pkuse.kafka.broker'?");
    }

    @Test
    void knownPlatformAndForeignKeysPass() {
        assertThat(errors(Map.of("pkuse.task.id", "1", "pkuse.isftpfile", "", "pkuse.daboturl", "h:1",
                "pkuse.hasbigfield", "[]bdsoft", "connection.url", "x", "hbase.rpc.timeout", "1"))).isEmpty();
    }

    @Test
    void statusProducerTakesOnlySecurityAndConnectionKeys() {
        Map<String, List<String>> e = errors(Map.of(
                "pkuse.status.producer.security.protocol", "SASL_SSL",
                "pkuse.status.producer.sasl.jaas.config", "x required;",
                "pkuse.status.producer.ssl.truststore.location", "/t",
                "pkuse.status.producer.acks", "0",
                "pkuse.status.producer.enable.idempotence", "false",
                "pkuse.status.producer.max.block.ms", "999999",
                "pkuse.status.producer.interceptor.classes", "evil.Interceptor",
                "pkuse.status.producer.sasl.login.callback.handler.class", "evil.Handler",
                "pkuse.status.producer.metric.reporters", "evil.Reporter",
                "pkuse.status.producer.sasl.kerberos.kinit.cmd", "/bin/evil"));
        assertThat(e.keySet()).containsExactlyInAnyOrder("pkuse.status.producer.acks",
                "pkuse.status.producer.enable.idempotence", "pkuse.status.producer.max.block.ms",
                "pkuse.status.producer.interceptor.classes", "pkuse.status.producer.sasl.login.callback.handler.class",
                "pkuse.status.producer.metric.reporters", "pkuse.status.producer.sasl.kerberos.kinit.cmd");
        assertThat(e.get("pkuse.status.producer.sasl.login.callback.handler.class")).singleElement().asString()
                .contains("does not load classes");
        assertThat(e.get("pkuse.status.producer.sasl.kerberos.kinit.cmd")).singleElement().asString()
                .contains("does not run a program");
    }
}
