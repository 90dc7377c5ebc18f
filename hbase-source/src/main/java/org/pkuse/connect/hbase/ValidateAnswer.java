package org.pkuse.connect.hbase;

import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.pkuse.connect.status.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the HBase connectors' {@code validate()} add to the answer: errors on keys, and a failure's root cause. */
final class ValidateAnswer {

    private static final Logger log = LoggerFactory.getLogger(ValidateAnswer.class);

    private ValidateAnswer() {
    }

    static void addError(Map<String, ConfigValue> values, String key, String message) {
        ConfigValue value = values.get(key);
        if (value != null) {
            value.addErrorMessage(message);
        } else {
            log.warn("Config check on unknown key {}: {}", key, Redactor.redact(message));
        }
    }

    /** A failure's message with its root cause's, for a validate answer. */
    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String first = String.valueOf(t.getMessage());
        return c == t ? first : first + " (" + c.getClass().getSimpleName() + ": " + c.getMessage() + ")";
    }
}
