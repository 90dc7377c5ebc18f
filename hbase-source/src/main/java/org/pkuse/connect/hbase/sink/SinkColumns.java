package org.pkuse.connect.hbase.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.MappingException;

/**
 * Which record field goes to which HBase column, read from the sink's {@code pkuse.hbase.filed.mapping} (the
 * platform's JSON: {@code sourceFiled} is the record's field, {@code targetFiled} the column, {@code family:qualifier}
 * or a bare qualifier in the default family, {@code fieldType} optional, else from the record's schema). Without a
 * mapping every record field goes to the default family under its own name.
 */
public final class SinkColumns {

    /** One mapped field: the record field, its column and its type (null: from the record's schema). */
    public record Column(String field, byte[] family, byte[] qualifier, FieldType type) {

        public String name() {
            return new String(family, StandardCharsets.UTF_8) + ":" + new String(qualifier, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] defaultFamily;
    private final Map<String, Column> byField;
    private final Map<String, Column> unmapped = new ConcurrentHashMap<>();

    private SinkColumns(byte[] defaultFamily, Map<String, Column> byField) {
        this.defaultFamily = defaultFamily;
        this.byField = byField;
    }

    /** Every record field into {@code family} under its own name. */
    public static SinkColumns allFields(String family) {
        return new SinkColumns(utf8(family), null);
    }

    /**
     * @throws MappingException naming the entry and property that is wrong
     */
    public static SinkColumns parse(String json, String defaultFamily) {
        if (json == null || json.isBlank()) {
            return allFields(defaultFamily);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MappingException("is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new MappingException("must be a non-empty JSON array of {\"" + FieldMappings.SOURCE + "\",\""
                    + FieldMappings.TARGET + "\"} objects");
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            Column c = column(i, root.get(i), defaultFamily);
            if (columns.putIfAbsent(c.field(), c) != null) {
                throw new MappingException("entry " + i + ": " + FieldMappings.SOURCE + " '" + c.field()
                        + "' is mapped twice");
            }
            if (!names.add(c.name())) {
                throw new MappingException("entry " + i + ": " + FieldMappings.TARGET + " '" + c.name()
                        + "' is written by two fields");
            }
        }
        return new SinkColumns(utf8(defaultFamily), columns);
    }

    private static Column column(int i, JsonNode node, String defaultFamily) {
        String where = "entry " + i + ": ";
        if (!node.isObject()) {
            throw new MappingException(where + "must be a JSON object");
        }
        String field = node.path(FieldMappings.SOURCE).asText("").trim();
        String target = node.path(FieldMappings.TARGET).asText("").trim();
        if (field.isEmpty()) {
            throw new MappingException(where + FieldMappings.SOURCE + " is missing or blank; name the record field");
        }
        if (target.isEmpty()) {
            target = field;
        }
        int colon = target.indexOf(':');
        if (target.startsWith(":") || target.endsWith(":") || colon != target.lastIndexOf(':')) {
            throw new MappingException(where + FieldMappings.TARGET + " '" + target + "' is not a column; expected "
                    + "qualifier or family:qualifier");
        }
        String family = colon < 0 ? defaultFamily : target.substring(0, colon);
        String qualifier = colon < 0 ? target : target.substring(colon + 1);
        String typeText = node.path("fieldType").asText("").trim();
        FieldType type = null;
        if (!typeText.isEmpty()) {
            try {
                type = FieldType.parse(typeText);
            } catch (IllegalArgumentException e) {
                throw new MappingException(where + "fieldType " + e.getMessage());
            }
        }
        return new Column(field, utf8(family), utf8(qualifier), type);
    }

    /** The column of a record field; null when a mapping is given and does not name it (the field is not written). */
    public Column columnOf(String field) {
        if (byField == null) {
            // unmapped: every field in the default family, its column made once (not per record)
            return unmapped.computeIfAbsent(field, f -> new Column(f, defaultFamily, utf8(f), null));
        }
        return byField.get(field);
    }

    /** The families the mapped columns use (with the default family), for creating the table. */
    public List<String> families() {
        Set<String> families = new LinkedHashSet<>();
        families.add(new String(defaultFamily, StandardCharsets.UTF_8));
        if (byField != null) {
            byField.values().forEach(c -> families.add(new String(c.family(), StandardCharsets.UTF_8)));
        }
        return new ArrayList<>(families);
    }

    /** The mapped record fields, in mapping order; empty when every field is written. */
    public List<String> mappedFields() {
        return byField == null ? List.of() : new ArrayList<>(byField.keySet());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
