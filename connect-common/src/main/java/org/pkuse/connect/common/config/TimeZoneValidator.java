package org.pkuse.connect.common.config;

import java.time.ZoneId;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A {@link ZoneId}: a region id or an offset, surrounding blanks ignored, as the configs' getters read it. */
public final class TimeZoneValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        try {
            ZoneId.of(String.valueOf(value).trim());
        } catch (RuntimeException e) {
            // "Invalid value <value> for configuration <name>: ..." names the key.
            throw new ConfigException(name, value, "not a time zone id; expected a region or an offset, such as "
                    + "UTC, Asia/Shanghai or +08:00");
        }
    }

    @Override
    public String toString() {
        return "a time zone id, such as UTC, Asia/Shanghai or +08:00";
    }
}
