package org.pkuse.connect.hbase;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.mapping.MappingException;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.HBaseColumns;
import org.pkuse.connect.hbase.mapping.ValueEncoding;

/** The HBase source's own validators: each names the key and says what it expected. */
final class SourceValidators {

    private SourceValidators() {
    }

    static final class MappingValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                FieldMappings.parse((String) value, new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd",
                        "yyyy-MM-dd HH:mm:ss[.SSS]", ZoneId.of("UTC")), HBaseColumns.INSTANCE);
            } catch (MappingException e) {
                throw new ConfigException(name + " " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a JSON array of field objects (see description)";
        }
    }

    static final class PatternValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                DateTimeFormatter.ofPattern(((String) value).trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "not a java.time pattern: " + e.getMessage());
            }
            if (((String) value).isBlank()) {
                throw new ConfigException(name, value, "must not be blank");
            }
        }

        @Override
        public String toString() {
            return "a java.time DateTimeFormatter pattern";
        }
    }


    /** Accepts a JSON array of strings, optionally followed by a marker ({@code []bdsoft}), or names with commas. */
    static final class BigFieldValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            bigFields(name, value == null ? "" : (String) value);
        }

        @Override
        public String toString() {
            return "a JSON array of field names, optionally followed by a marker such as []bdsoft";
        }
    }

    static List<String> bigFields(String name, String text) {
        String t = text.trim();
        List<String> out = new ArrayList<>();
        if (t.isEmpty()) {
            return out;
        }
        if (!t.startsWith("[")) {
            for (String s : t.split(",")) {
                if (!s.isBlank()) {
                    if (!s.trim().matches("[\\p{L}\\p{N}_:.$-]+")) {
                        throw new ConfigException(name, text, "'" + s.trim() + "' is not a field name; expected a "
                                + "JSON array of field names, like [\"photo\"] or []bdsoft");
                    }
                    out.add(s.trim());
                }
            }
            return out;
        }
        int end = t.lastIndexOf(']');
        String marker = t.substring(end + 1);
        if (!marker.matches("[A-Za-z0-9_]*")) {
            throw new ConfigException(name, text, "expected a JSON array of field names with an optional trailing "
                    + "word marker, like []bdsoft");
        }
        try {
            JsonNode array = new ObjectMapper().readTree(t.substring(0, end + 1));
            for (JsonNode n : array) {
                if (!n.isTextual()) {
                    throw new ConfigException(name, text, "array items must be field names (strings)");
                }
                out.add(n.asText());
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, text, "not a JSON array: " + e.getOriginalMessage());
        }
        return out;
    }
}
