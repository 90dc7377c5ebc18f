package org.pkuse.connect.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.pkuse.connect.localstack.WorkerProperties;

/** How records are written to Kafka in the format part: the workers' JsonConverter, or Avro through the registry. */
enum RecordFormat {

    JSON("json", "JSON with schemas"),
    AVRO("avro", "Avro (Apicurio registry)");

    private final String id;
    private final String label;

    RecordFormat(String id, String label) {
        this.id = id;
        this.label = label;
    }

    String label() {
        return label;
    }

    /** A result key of this format, e.g. {@code conv.avro.sink.ours.1}. */
    String key(String run) {
        return "conv." + id + "." + run;
    }

    /**
     * The Avro converter settings of config-examples' Avro worker file, as connector-level overrides (same keys):
     * the bench's workers keep JsonConverter for the other parts.
     */
    static Map<String, String> avroSettings(String registryUrl) {
        Map<String, String> settings = new LinkedHashMap<>(WorkerProperties.avro(registryUrl));
        settings.remove("plugin.discovery");
        return settings;
    }
}
