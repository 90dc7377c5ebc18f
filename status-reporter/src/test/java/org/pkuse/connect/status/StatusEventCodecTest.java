package org.pkuse.connect.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusEventCodecTest {

    @Test
    void writesTheContractFieldsFirstAndLeavesOutEmptyOnes() throws Exception {
        StatusEvent event = new StatusEvent("hbasesource_connector_001", "100003",
                "default_test_employee01_2021_06_17", Stage.END, "2000", 1700000000000L, Side.SOURCE, 2000L, 2000L,
                null, null, null);

        String json = StatusEventCodec.toJson(event);

        assertThat(json).startsWith("{\"connectorName\":\"hbasesource_connector_001\",\"taskId\":\"100003\","
                + "\"dataTopicName\":\"default_test_employee01_2021_06_17\",\"stage\":\"end\",\"description\":\"2000\"");
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(tree.path("side").asText()).isEqualTo("source");
        assertThat(tree.path("processed").asLong()).isEqualTo(2000);
        assertThat(tree.has("skipped")).isFalse();
        assertThat(tree.has("nextIncrementValue")).isFalse();
    }

    @Test
    void readsBackWhatItWritesAndIgnoresUnknownFields() {
        StatusEvent event = new StatusEvent("c", "1", null, Stage.PROCESSING, "5/10", 1L, Side.SINK, 10L, 5L, 0L,
                1L, "x");

        assertThat(StatusEventCodec.fromJson(StatusEventCodec.toJson(event))).isEqualTo(event);
        assertThat(StatusEventCodec.fromJson("{\"taskId\":\"9\",\"stage\":\"error\",\"future\":1}").stage())
                .isEqualTo(Stage.ERROR);
    }

    @Test
    void readsTheEventsOfTheFieldsOlderProducers() {
        StatusEvent old = StatusEventCodec.fromJson("{\"connectorName\":\"jdbcsink_connector_001\",\"taskId\":"
                + "\"100003\",\"dataTopicName\":\"t\",\"stage\":\"start\",\"description\":\"2000\"}");

        assertThat(old.stage()).isEqualTo(Stage.START);
        assertThat(old.side()).isNull();
        assertThat(old.description()).isEqualTo("2000");
    }
}
