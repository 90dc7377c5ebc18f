package org.pkuse.connect.jdbc;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;

/** A connector's validate answer as a test reads it: the keys with errors, and their messages. */
final class ValidateAnswers {

    private ValidateAnswers() {
    }

    static Map<String, List<String>> errors(Connector connector, Map<String, String> config) {
        return connector.validate(config).configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
