package org.pkuse.connect.status;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The stage of a run, as the scheduler reads it from the {@code stage} field. */
public enum Stage {
    START, PROCESSING, END, ERROR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stage fromWireName(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public boolean isTerminal() {
        return this == END || this == ERROR;
    }
}
