package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class HBaseSourceConfigTest {

    @Test
    void rowValuesStayOutOfErrorsUnlessAskedFor() {
        Map<String, String> props = HBaseSourceConnectorTest.seed();
        assertThat(new HBaseSourceConfig(props).includeValues()).isFalse();
        props.put(HBaseSourceConfig.ERRORS_INCLUDE_VALUES, "true");
        assertThat(new HBaseSourceConfig(props).includeValues()).isTrue();

        ConfigDef.ConfigKey key = HBaseSourceConfig.CONFIG_DEF.configKeys().get(HBaseSourceConfig.ERRORS_INCLUDE_VALUES);
        assertThat(key.type).isEqualTo(ConfigDef.Type.BOOLEAN);
        assertThat(key.group).isEqualTo(HBaseSourceConfig.GROUP_ERRORS);
        assertThat(key.documentation).isEqualTo("Include row values (cell values, row keys) in error messages, "
                + "status events and logs. Off by default because rows may hold personal data.");
    }
}
