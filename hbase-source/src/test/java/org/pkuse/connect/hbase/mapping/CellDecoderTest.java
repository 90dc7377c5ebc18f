package org.pkuse.connect.hbase.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;

import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

class CellDecoderTest {

    private final CellDecoder text = new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss[.SSS]",
            ZoneId.of("UTC"));
    private final CellDecoder binary = text.withEncoding(ValueEncoding.BINARY);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stringEncoding() throws Exception {
        assertThat(text.decode(utf8(" 42 "), FieldType.parse("int"))).isEqualTo(42);
        assertThat(text.decode(utf8("9000000000"), FieldType.parse("bigint"))).isEqualTo(9_000_000_000L);
        assertThat(text.decode(utf8("2.5"), FieldType.parse("double"))).isEqualTo(2.5d);
        assertThat(text.decode(utf8("2.5"), FieldType.parse("float"))).isEqualTo(2.5f);
        assertThat(text.decode(utf8("12.3"), FieldType.parse("decimal(10,2)"))).isEqualTo(new BigDecimal("12.30"));
        assertThat(text.decode(utf8("true"), FieldType.parse("boolean"))).isEqualTo(true);
        assertThat(text.decode(utf8("0"), FieldType.parse("boolean"))).isEqualTo(false);
        assertThat(text.decode(utf8("王伟"), FieldType.parse("string"))).isEqualTo("王伟");
        assertThat(text.decode(utf8("2021-06-17"), FieldType.parse("date")))
                .isEqualTo(Date.from(Instant.parse("2021-06-17T00:00:00Z")));
        assertThat(text.decode(utf8("2021-06-17 08:30:00"), FieldType.parse("datetime")))
                .isEqualTo(Date.from(Instant.parse("2021-06-17T08:30:00Z")));
        assertThat(text.decode(utf8("2021-06-17 08:30:00.250"), FieldType.parse("timestamp")))
                .isEqualTo(Date.from(Instant.parse("2021-06-17T08:30:00.250Z")));
        assertThat(text.decode(utf8("1623918600000"), FieldType.parse("timestamp")))
                .isEqualTo(new Date(1623918600000L));
        assertThat(text.decode(new byte[] {1, 2}, FieldType.parse("bytes"))).isEqualTo(new byte[] {1, 2});
        assertThat(text.decode(null, FieldType.parse("int"))).isNull();
        assertThat(text.decode(utf8(""), FieldType.parse("int"))).isNull();
        assertThat(text.decode(utf8(""), FieldType.parse("string"))).isEqualTo("");
    }

    @Test
    void stringEncodingErrors() {
        assertThatThrownBy(() -> text.decode(utf8("abc"), FieldType.parse("int")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("int");
        assertThatThrownBy(() -> text.decode(utf8("1.234"), FieldType.parse("decimal(10,2)")))
                .isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> text.decode(utf8("maybe"), FieldType.parse("boolean")))
                .isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> text.decode(utf8("17/06/2021"), FieldType.parse("date")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("yyyy-MM-dd");
        assertThatThrownBy(() -> text.decode(new byte[] {(byte) 0xff, (byte) 0xfe}, FieldType.parse("string")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void binaryEncoding() throws Exception {
        assertThat(binary.decode(Bytes.toBytes(42), FieldType.parse("int"))).isEqualTo(42);
        assertThat(binary.decode(Bytes.toBytes(42L), FieldType.parse("bigint"))).isEqualTo(42L);
        assertThat(binary.decode(Bytes.toBytes(2.5d), FieldType.parse("double"))).isEqualTo(2.5d);
        assertThat(binary.decode(Bytes.toBytes(2.5f), FieldType.parse("float"))).isEqualTo(2.5f);
        assertThat(binary.decode(Bytes.toBytes(true), FieldType.parse("boolean"))).isEqualTo(true);
        assertThat(binary.decode(Bytes.toBytes(new BigDecimal("12.3")), FieldType.parse("decimal(10,2)")))
                .isEqualTo(new BigDecimal("12.30"));
        assertThat(binary.decode(Bytes.toBytes("王伟"), FieldType.parse("string"))).isEqualTo("王伟");
        assertThat(binary.decode(Bytes.toBytes(1623918600000L), FieldType.parse("datetime")))
                .isEqualTo(new Date(1623918600000L));
        assertThat(binary.decode(Bytes.toBytes(1623918600000L), FieldType.parse("date")))
                .isEqualTo(Date.from(Instant.parse("2021-06-17T00:00:00Z")));
    }

    @Test
    void binaryEncodingErrors() {
        assertThatThrownBy(() -> binary.decode(utf8("42"), FieldType.parse("int")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("2 bytes").hasMessageContaining("4");
        assertThatThrownBy(() -> binary.decode(Bytes.toBytes(1), FieldType.parse("bigint")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("8");
    }

    @Test
    void formatReadsBack() throws Exception {
        for (String type : new String[] {"int", "bigint", "double", "decimal(10,2)", "date", "datetime", "string"}) {
            FieldType t = FieldType.parse(type);
            Object v = text.parse(switch (type) {
                case "date" -> "2021-06-17";
                case "datetime" -> "2021-06-17 08:30:00";
                case "decimal(10,2)" -> "3.10";
                case "double" -> "2.5";
                default -> "7";
            }, t);
            assertThat(text.parse(text.format(v, t), t)).as(type).isEqualTo(v);
        }
    }

    @Test
    void theDigitByDigitDatetimeReadsWhatTheFormatterReads() throws Exception {
        // The default pattern takes the digit-by-digit path; the same pattern with an optional space at the end
        // goes through the formatter.
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        CellDecoder fast = new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss[.SSS]", zone);
        CellDecoder formatter = new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss[.SSS][ ]",
                zone);
        FieldType ts = FieldType.parse("datetime");
        for (String t : new String[] {"2024-02-29 23:59:59", "1999-01-01 00:00:00", "2024-02-30 10:00:00",
            "2023-07-04 12:34:56.789", "2023-07-04 24:00:00", "2023-07-04 12:34"}) {
            assertThat(parseOrError(fast, t, ts)).as(t).isEqualTo(parseOrError(formatter, t, ts));
        }
        assertThat(fast.parse("2023-07-04 12:34:56.789", ts)).isEqualTo(java.util.Date.from(
                java.time.LocalDateTime.of(2023, 7, 4, 12, 34, 56, 789_000_000).atZone(zone).toInstant()));
        assertThat(CellDecoder.parseStandardDatetime("2023-07-04 12:34:56.789", true))
                .isEqualTo(java.time.LocalDateTime.of(2023, 7, 4, 12, 34, 56, 789_000_000));
        assertThat(CellDecoder.parseStandardDatetime("2023-07-04 12:34:56.789", false)).isNull();
        assertThat(CellDecoder.parseStandardDatetime("2023-07-04T12:34:56", true)).isNull();
        assertThat(CellDecoder.parseStandardDatetime("2023-13-04 12:34:56", true)).as("out of range").isNull();
        assertThat(CellDecoder.parseStandardDatetime("2023-07-04 12:3x:56", true)).isNull();
    }

    private static Object parseOrError(CellDecoder decoder, String text, FieldType type) {
        try {
            return decoder.parse(text, type);
        } catch (ConversionException e) {
            return "error: " + e.getMessage().replace("[ ]", "");
        }
    }
}
