package org.pkuse.connect.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobHeadersRoundTripTest {

    private static final String TOPIC = "default_test_employee01_2021_06_17";

    @Test
    void writesTheFourHeadersWithTheirSchemas() {
        Headers headers = JobHeadersWriter.write(new JobHeaders("100003", 2000, 7, false), new ConnectHeaders());

        assertThat(headers.size()).isEqualTo(4);
        assertHeader(headers, "taskId", Schema.STRING_SCHEMA, "100003");
        assertHeader(headers, "predictedTotal", Schema.INT64_SCHEMA, 2000L);
        assertHeader(headers, "currentIndex", Schema.INT64_SCHEMA, 7L);
        assertHeader(headers, "isEnd", Schema.BOOLEAN_SCHEMA, false);
    }

    @Test
    void writingTwiceReplacesTheEarlierValues() {
        Headers headers = new ConnectHeaders();
        JobHeadersWriter.write(new JobHeaders("1", 5, 1, false), headers);
        JobHeadersWriter.write(new JobHeaders("1", 5, 5, true), headers);

        assertThat(headers.size()).isEqualTo(4);
        assertThat(JobHeadersReader.read(headers)).contains(new JobHeaders("1", 5, 5, true));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"org.apache.kafka.connect.storage.SimpleHeaderConverter",
        "org.apache.kafka.connect.storage.StringConverter"})
    void survivesAWorkersHeaderConverter(String converterClass) throws Exception {
        HeaderConverter converter = (HeaderConverter) Class.forName(converterClass).getDeclaredConstructor()
                .newInstance();
        converter.configure(Map.of("converter.type", "header"));
        JobHeaders sent = new JobHeaders("100003", 2000, 2000, true);

        Headers received = throughConverter(converter, JobHeadersWriter.write(sent, new ConnectHeaders()));

        assertThat(JobHeadersReader.read(received)).contains(sent);
        converter.close();
    }

    @Test
    void stringConverterDeliversTheContractsStringForms() throws Exception {
        try (StringConverter converter = new StringConverter()) {
            converter.configure(Map.of("converter.type", "header"));
            Headers received = throughConverter(converter,
                    JobHeadersWriter.write(new JobHeaders("100003", 2000, 1, false), new ConnectHeaders()));

            assertThat(received.lastWithName("taskId").value()).isEqualTo("100003");
            assertThat(received.lastWithName("predictedTotal").value()).isEqualTo("2000");
            assertThat(received.lastWithName("currentIndex").value()).isEqualTo("1");
            assertThat(received.lastWithName("isEnd").value()).isEqualTo("false");
        }
    }

    @Test
    void readsTheStringFormAsTheFieldSendsIt() {
        Headers headers = new ConnectHeaders()
                .addString("taskId", "100003")
                .addString("predictedTotal", "2000")
                .addString("currentIndex", "1")
                .addString("isEnd", "false");

        assertThat(JobHeadersReader.read(headers)).contains(new JobHeaders("100003", 2000, 1, false));
    }

    @Test
    void readsNarrowNumbersThatSimpleHeaderConverterParses() {
        Headers headers = new ConnectHeaders()
                .addInt("taskId", 100003)
                .addShort("predictedTotal", (short) 2000)
                .addByte("currentIndex", (byte) 3)
                .addBoolean("isEnd", true);

        assertThat(JobHeadersReader.read(headers)).contains(new JobHeaders("100003", 2000, 3, true));
    }

    @Test
    void isEndIsOptional() {
        Headers headers = new ConnectHeaders().addString("taskId", "j").addLong("predictedTotal", 1)
                .addLong("currentIndex", 1);

        assertThat(JobHeadersReader.read(headers)).contains(new JobHeaders("j", 1, 1, false));
    }

    @Test
    void aRecordWithoutJobHeadersIsNotPartOfAJob() {
        assertThat(JobHeadersReader.read(new ConnectHeaders().addString("other", "x"))).isEqualTo(Optional.empty());
        assertThat(JobHeadersReader.read(null)).isEmpty();
    }

    @Test
    void rejectsAMissingRequiredHeaderNamingIt() {
        Headers headers = new ConnectHeaders().addString("taskId", "100003").addLong("currentIndex", 1);

        assertThatThrownBy(() -> JobHeadersReader.read(headers))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'predictedTotal' is missing");
    }

    @Test
    void rejectsAMalformedCountNamingHeaderValueAndExpectedForm() {
        Headers headers = new ConnectHeaders().addString("taskId", "100003").addString("predictedTotal", "2k")
                .addString("currentIndex", "1");

        assertThatThrownBy(() -> JobHeadersReader.read(headers))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'predictedTotal'")
                .hasMessageContaining("\"2k\"")
                .hasMessageContaining("expected an int64");
    }

    @Test
    void rejectsAMalformedIsEnd() {
        Headers headers = new ConnectHeaders().addString("taskId", "1").addLong("predictedTotal", 1)
                .addLong("currentIndex", 1).addString("isEnd", "yes");

        assertThatThrownBy(() -> JobHeadersReader.read(headers))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'isEnd'")
                .hasMessageContaining("\"yes\"");
    }

    @Test
    void rejectsAZeroIndexBecauseIndexesStartAtOne() {
        Headers headers = new ConnectHeaders().addString("taskId", "1").addLong("predictedTotal", 1)
                .addLong("currentIndex", 0);

        assertThatThrownBy(() -> JobHeadersReader.read(headers))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'currentIndex'")
                .hasMessageContaining("start at 1");
    }

    @Test
    void theEmptyRunMarkerIsTheOneRecordWithIndexZero() throws Exception {
        Headers written = JobHeadersWriter.write(JobHeaders.emptyRun("950001"), new ConnectHeaders());
        assertThat(written.lastWithName(JobHeaders.MARKER).value()).isEqualTo("emptyRun");
        // as a worker's default header converter delivers it
        SimpleHeaderConverter converter = new SimpleHeaderConverter();
        converter.configure(Map.of());
        Headers received = new ConnectHeaders();
        for (Header h : written) {
            byte[] bytes = converter.fromConnectHeader("t", h.key(), h.schema(), h.value());
            SchemaAndValue back = converter.toConnectHeader("t", h.key(), bytes);
            received.add(h.key(), back);
        }
        JobHeaders read = JobHeadersReader.read(received).orElseThrow();
        assertThat(read).isEqualTo(new JobHeaders("950001", 0, 0, true));
        assertThat(read.isEmptyRun()).isTrue();

        Headers zeroWithRows = new ConnectHeaders().addString("taskId", "1").addLong("predictedTotal", 0)
                .addLong("currentIndex", 0);
        assertThatThrownBy(() -> JobHeadersReader.read(zeroWithRows)).isInstanceOf(DataException.class)
                .hasMessageContaining("'currentIndex'").hasMessageContaining("empty-run marker");
    }

    @Test
    void aRerunTravelsInItsOwnHeaderAndKeysTheJobApart() {
        Headers written = JobHeadersWriter.write(new JobHeaders("100003", 5, 2, false, 3), new ConnectHeaders());
        assertThat(written.lastWithName(JobHeaders.RERUN).value()).isEqualTo(3L);
        JobHeaders read = JobHeadersReader.read(written).orElseThrow();
        assertThat(read.rerun()).isEqualTo(3);
        assertThat(read.jobKey()).isEqualTo("100003#rerun3");
        assertThat(JobHeaders.taskIdOf("100003#rerun3")).isEqualTo("100003");
        assertThat(JobHeaders.rerunOf("100003#rerun3")).isEqualTo(3);
        // a first run writes no rerun header, and its key is the task id
        Headers first = JobHeadersWriter.write(new JobHeaders("100003", 5, 2, false), new ConnectHeaders());
        assertThat(first.lastWithName(JobHeaders.RERUN)).isNull();
        assertThat(JobHeadersReader.read(first).orElseThrow().jobKey()).isEqualTo("100003");
        assertThat(JobHeaders.rerunOf("a#rerunX")).isZero();
        assertThat(JobHeaders.taskIdOf("a#rerunX")).isEqualTo("a#rerunX");
    }

    @Test
    void rejectsAFractionalIndexAndANonStringTaskId() {
        Headers fractional = new ConnectHeaders().addString("taskId", "1").addLong("predictedTotal", 1)
                .addDouble("currentIndex", 1.5);
        Headers booleanTask = new ConnectHeaders().addBoolean("taskId", true).addLong("predictedTotal", 1)
                .addLong("currentIndex", 1);

        assertThatThrownBy(() -> JobHeadersReader.read(fractional)).hasMessageContaining("'currentIndex'");
        assertThatThrownBy(() -> JobHeadersReader.read(booleanTask)).hasMessageContaining("'taskId'");
    }

    private static Headers throughConverter(HeaderConverter converter, Headers headers) {
        Headers received = new ConnectHeaders();
        for (Header h : headers) {
            byte[] bytes = converter.fromConnectHeader(TOPIC, h.key(), h.schema(), h.value());
            SchemaAndValue back = converter.toConnectHeader(TOPIC, h.key(), bytes);
            received.add(h.key(), back);
        }
        return received;
    }

    private static void assertHeader(Headers headers, String name, Schema schema, Object value) {
        Header h = headers.lastWithName(name);
        assertThat(h).as(name).isNotNull();
        assertThat(h.schema()).as(name + " schema").isEqualTo(schema);
        assertThat(h.value()).as(name + " value").isEqualTo(value);
    }
}
