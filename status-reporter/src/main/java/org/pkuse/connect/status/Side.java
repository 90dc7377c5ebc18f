package org.pkuse.connect.status;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which side of a job sent an event: the producing source or the consuming sink. */
public enum Side {
    SOURCE, SINK;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Side fromWireName(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
