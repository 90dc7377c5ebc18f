package org.pkuse.connect.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON form of {@link StatusEvent}, the bytes that go onto the status topic. */
public final class StatusEventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StatusEventCodec() {
    }

    public static String toJson(StatusEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write status event as JSON", e);
        }
    }

    public static StatusEvent fromJson(String json) {
        try {
            return MAPPER.readValue(json, StatusEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a status event: " + json, e);
        }
    }

    public static StatusEvent fromJson(byte[] json) {
        return fromJson(new String(json, StandardCharsets.UTF_8));
    }
}
