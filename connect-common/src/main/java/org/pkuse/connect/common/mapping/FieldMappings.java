package org.pkuse.connect.common.mapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parsed field mapping of the platform ({@code pkuse.hbase.filed.mapping}, {@code pkuse.jdbc.filed.mapping}): the
 * record fields in their JSON order.
 */
public final class FieldMappings {

    public static final String SOURCE = "sourceFiled";
    public static final String TARGET = "targetFiled";
    public static final String TYPE = "fieldType";
    public static final String PK = "ispk";
    public static final String CONDITION = "limitcondition";
    public static final String RULE = "maprule";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FieldMapping> fields;

    private FieldMappings(List<FieldMapping> fields) {
        this.fields = List.copyOf(fields);
    }

    public List<FieldMapping> fields() {
        return fields;
    }

    public Optional<FieldMapping> byTarget(String name) {
        return fields.stream().filter(f -> f.target().equals(name)).findFirst();
    }

    /** A field by its target name, or else by its source column. */
    public Optional<FieldMapping> byTargetOrSource(String name) {
        Optional<FieldMapping> byTarget = byTarget(name);
        return byTarget.isPresent() ? byTarget
                : fields.stream().filter(f -> f.source().equals(name)).findFirst();
    }

    public List<FieldMapping> keyFields() {
        return fields.stream().filter(FieldMapping::pk).toList();
    }

    /**
     * Parses the mapping JSON.
     *
     * @throws MappingException naming the array index and property of the first problem
     */
    public static FieldMappings parse(String json, LiteralParser decoder, Store store) {
        JsonNode root = readArray(json);
        List<FieldMapping> fields = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            FieldMapping field = field(i, root.get(i), decoder, store);
            if (!targets.add(field.target())) {
                throw at(i, TARGET, "'" + field.target() + "' is mapped twice");
            }
            fields.add(field);
        }
        return new FieldMappings(fields);
    }

    /** The mapping's JSON array, not empty. */
    private static JsonNode readArray(String json) {
        if (json == null || json.isBlank()) {
            throw new MappingException("is empty; expected a JSON array of {\"sourceFiled\",\"targetFiled\","
                    + "\"fieldType\",...} objects");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MappingException("is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new MappingException("must be a JSON array of field objects");
        }
        if (root.isEmpty()) {
            throw new MappingException("maps no field; give at least one {\"sourceFiled\",\"targetFiled\","
                    + "\"fieldType\"} object");
        }
        return root;
    }

    /** Element {@code i} of the array: names, type, key flag, condition and rule, each checked. */
    private static FieldMapping field(int i, JsonNode node, LiteralParser decoder, Store store) {
        if (!node.isObject()) {
            throw at(i, null, "must be a JSON object, was " + node.getNodeType().name().toLowerCase());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) {
                throw at(i, e.getKey(), "must be a string, was " + e.getValue().getNodeType().name().toLowerCase());
            }
        }
        String source = text(node, SOURCE);
        String target = text(node, TARGET);
        if (source.isBlank()) {
            throw at(i, SOURCE, "is missing or blank; name the " + store.sourceName());
        }
        String problem = store.sourceProblem(source.trim());
        if (problem != null) {
            throw at(i, SOURCE, problem);
        }
        if (target.isBlank()) {
            throw at(i, TARGET, "is missing or blank; name the record field");
        }
        FieldType type;
        try {
            type = FieldType.parse(text(node, TYPE));
        } catch (IllegalArgumentException e) {
            throw at(i, TYPE, e.getMessage());
        }
        String pk = text(node, PK).trim();
        if (!pk.isEmpty() && !pk.equals("0") && !pk.equals("1")) {
            throw at(i, PK, "'" + pk + "' is not \"0\" or \"1\"");
        }
        LimitCondition condition;
        MapRule rule;
        try {
            condition = LimitCondition.parse(text(node, CONDITION), target.trim(), source.trim(), type, decoder);
        } catch (IllegalArgumentException e) {
            throw at(i, CONDITION, e.getMessage());
        }
        try {
            rule = MapRule.parse(text(node, RULE), type, decoder);
        } catch (IllegalArgumentException e) {
            throw at(i, RULE, e.getMessage());
        }
        return new FieldMapping(i, source.trim(), target.trim(), type, pk.equals("1"), condition, rule,
                text(node, "mark"), text(node, "columnId"), text(node, "description"));
    }

    /** What a store's mapping reads: its name for a source column, and the form a source column must have. */
    public interface Store {

        /** "HBase column (qualifier or family:qualifier)", "table column". */
        String sourceName();

        /** Why {@code source} is not a column of this store, or null when it may be one. */
        String sourceProblem(String source);
    }

    private static String text(JsonNode node, String property) {
        JsonNode value = node.get(property);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static MappingException at(int index, String property, String message) {
        return new MappingException("[" + index + "]" + (property == null ? "" : "." + property) + " " + message);
    }
}
