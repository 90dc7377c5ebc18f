package org.pkuse.connect.status.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RerunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theNextRerunFollowsTheJobsOwnOffsetOnly() throws Exception {
        JsonNode offsets = JSON.readTree("{\"offsets\":["
                + "{\"partition\":{\"table\":\"default:t\",\"job\":\"7\"},\"offset\":{\"run\":1,\"rerun\":2}},"
                + "{\"partition\":{\"job\":\"8\",\"table\":\"default:t\"},\"offset\":{\"rerun\":5}}]}");
        JsonNode job7 = JSON.readTree("{\"job\":\"7\",\"table\":\"default:t\"}");
        JsonNode job9 = JSON.readTree("{\"table\":\"default:t\",\"job\":\"9\"}");
        assertThat(Rerun.lastRerun(offsets, job7)).isEqualTo(2);
        assertThat(Rerun.lastRerun(offsets, job9)).isZero();
    }
}
