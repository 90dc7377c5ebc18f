package org.pkuse.connect.common.mapping;

/**
 * One entry of {@code pkuse.hbase.filed.mapping}: which HBase column feeds which record field, as what type.
 * {@code mark}, {@code columnId} and {@code description} are platform metadata, carried and not interpreted.
 *
 * @param index     position in the JSON array, from 0 (for messages)
 * @param source    the HBase column (JSON {@code sourceFiled}): {@code qualifier} or {@code family:qualifier}
 * @param target    the record field name (JSON {@code targetFiled})
 * @param type      the parsed {@code fieldType}
 * @param pk        {@code ispk} is "1"
 * @param condition the parsed {@code limitcondition}, or null when blank
 * @param rule      the parsed {@code maprule}, never null ({@link MapRule#NONE} when blank)
 */
public record FieldMapping(int index, String source, String target, FieldType type, boolean pk,
                           LimitCondition condition, MapRule rule, String mark, String columnId,
                           String description) {

    /** The family part of {@code source}, or null for a bare qualifier. */
    public String family() {
        int colon = source.indexOf(':');
        return colon < 0 ? null : source.substring(0, colon);
    }

    /** The qualifier part of {@code source}. */
    public String qualifier() {
        int colon = source.indexOf(':');
        return colon < 0 ? source : source.substring(colon + 1);
    }
}
