package org.pkuse.connect.common.config;

import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.pkuse.connect.status.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How every connector's {@code validate()} reports a problem on a key of its answer. */
public final class ConfigErrors {

    private static final Logger log = LoggerFactory.getLogger(ConfigErrors.class);

    private ConfigErrors() {
    }

    /**
     * Adds {@code message} to the key's errors. A key missing from the answer is this code's mistake, not the
     * user's: it is logged (redacted) rather than dropped, so the message is not lost.
     */
    public static void addError(Map<String, ConfigValue> values, String key, String message) {
        ConfigValue v = values.get(key);
        if (v != null) {
            v.addErrorMessage(message);
        } else {
            log.warn("Validation error for {}, a key this connector does not define: {}", key,
                    Redactor.redact(message));
        }
    }
}
