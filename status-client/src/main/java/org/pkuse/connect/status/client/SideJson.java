package org.pkuse.connect.status.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One side of a job as JSON, the fields that {@code pkuse-status list --json} and the job board share. */
public final class SideJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SideJson() {
    }

    /** The side's connector, topic, stage, counts and error; empty for a side that has sent nothing yet. */
    public static ObjectNode of(JobView v) {
        ObjectNode node = MAPPER.createObjectNode();
        if (v.stage() == null) {
            return node;
        }
        node.put("connectorName", v.connectorName());
        node.put("dataTopicName", v.dataTopic());
        node.put("stage", v.stage().wireName());
        putIfSet(node, "predictedTotal", v.predictedTotal());
        putIfSet(node, "processed", v.processed());
        putIfSet(node, "skipped", v.skipped());
        putIfSet(node, "deadLettered", v.deadLettered());
        if (v.nextIncrementValue() != null) {
            node.put("nextIncrementValue", v.nextIncrementValue());
        }
        if (v.error() != null) {
            node.put("error", v.error());
        }
        return node;
    }

    private static void putIfSet(ObjectNode node, String name, Long value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
