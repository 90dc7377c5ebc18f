package org.pkuse.connect.common.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeZoneValidatorTest {

    private final TimeZoneValidator validator = new TimeZoneValidator();

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Shanghai", " Europe/Berlin ", "+08:00", "Z"})
    void acceptsRegionsAndOffsets(String zone) {
        assertThatCode(() -> validator.ensureValid("db.timezone", zone)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "", "+25:00"})
    void refusesOthersNamingKeyAndExpectation(String zone) {
        assertThatThrownBy(() -> validator.ensureValid("pkuse.hbase.timezone", zone))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pkuse.hbase.timezone")
                .hasMessageContaining("not a time zone id")
                .hasMessageContaining("Asia/Shanghai");
    }
}
