package org.pkuse.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;

/** {@code dialect.name}: empty (chosen from the URL and the server) or the name of an installed provider. */
public final class DialectNames implements ConfigDef.Recommender {

    private final InstalledDialects dialects;

    public DialectNames() {
        this(InstalledDialects.get());
    }

    public DialectNames(InstalledDialects dialects) {
        this.dialects = dialects;
    }

    /** Case-insensitive, as {@code dialect.name} always was; "" first. */
    public ConfigDef.Validator validator() {
        List<String> valid = new ArrayList<>();
        valid.add("");
        valid.addAll(dialects.names());
        return ConfigDef.CaseInsensitiveValidString.in(valid.toArray(String[]::new));
    }

    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        // Mutable: the worker narrows it in place.
        return new ArrayList<>(dialects.names());
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
        return true;
    }
}
