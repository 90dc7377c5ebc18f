package org.pkuse.connect.hbase.mapping;

import org.pkuse.connect.hbase.filter.LimitCondition;
import org.pkuse.connect.hbase.rule.MapRule;

/**
 * One entry of {@code pkuse.hbase.filed.mapping}: which HBase column feeds which record field, as what type.
 * {@code mark}, {@code columnId} and {@code description} are platform metadata, carried and not interpreted.
 *
 * @param index       position in the JSON array, from 0 (for messages)
 * @param sourceFiled the HBase column: {@code qualifier} or {@code family:qualifier}
 * @param targetFiled the record field name
 * @param type        the parsed {@code fieldType}
 * @param pk          {@code ispk} is "1"
 * @param condition   the parsed {@code limitcondition}, or null when blank
 * @param rule        the parsed {@code maprule}, never null ({@link MapRule#NONE} when blank)
 */
public record FieldMapping(int index, String sourceFiled, String targetFiled, FieldType type, boolean pk,
                           LimitCondition condition, MapRule rule, String mark, String columnId,
                           String description) {

    /** The family part of {@code sourceFiled}, or null for a bare qualifier. */
    public String family() {
        int colon = sourceFiled.indexOf(':');
        return colon < 0 ? null : sourceFiled.substring(0, colon);
    }

    /** The qualifier part of {@code sourceFiled}. */
    public String qualifier() {
        int colon = sourceFiled.indexOf(':');
        return colon < 0 ? sourceFiled : sourceFiled.substring(colon + 1);
    }
}
