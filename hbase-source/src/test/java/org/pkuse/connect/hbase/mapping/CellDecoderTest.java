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
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.TextValues;

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
    void errorMessagesNameTypeAndReasonButNeverTheValue() {
        String[][] cases = {
            {"int", "4711x"}, {"int", "98765432109"}, {"bigint", "12k"}, {"double", "3,14159"},
            {"float", "2.5.1"}, {"decimal(10,2)", "123.456"}, {"decimal(4,2)", "98765.4"},
            {"decimal(10,2)", "12a34"}, {"boolean", "perhaps"}, {"date", "17/06/2021"},
            {"date", "2021-13-01"}, {"datetime", "2021-06-17T08:30"}, {"timestamp", "99999999999999999999"},
        };
        for (String[] c : cases) {
            FieldType type = FieldType.parse(c[0]);
            assertThatThrownBy(() -> text.decode(utf8(c[1]), type)).as(c[0] + " " + c[1])
                    .isInstanceOf(ConversionException.class)
                    .hasMessageContaining("cannot be read as " + type)
                    .hasMessageNotContaining(c[1]);
        }
        ConversionException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConversionException.class,
                () -> text.decode(utf8("4711x"), FieldType.parse("int")));
        assertThat(e.getMessage()).endsWith(": not a whole number within the range of int");
        assertThat(e.detail()).as("the parser's own text, shown only when values may be").contains("4711x");
        assertThatThrownBy(() -> binary.decode(Bytes.toBytes(new BigDecimal("12.345")),
                FieldType.parse("decimal(10,2)"))).isInstanceOf(ConversionException.class)
                .hasMessage("cannot be read as binary decimal(10,2): has more than 2 decimal places");
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
        assertThat(TextValues.parseStandardDatetime("2023-07-04 12:34:56.789", true))
                .isEqualTo(java.time.LocalDateTime.of(2023, 7, 4, 12, 34, 56, 789_000_000));
        assertThat(TextValues.parseStandardDatetime("2023-07-04 12:34:56.789", false)).isNull();
        assertThat(TextValues.parseStandardDatetime("2023-07-04T12:34:56", true)).isNull();
        assertThat(TextValues.parseStandardDatetime("2023-13-04 12:34:56", true)).as("out of range").isNull();
        assertThat(TextValues.parseStandardDatetime("2023-07-04 12:3x:56", true)).isNull();
    }

    private static Object parseOrError(CellDecoder decoder, String text, FieldType type) {
        try {
            return decoder.parse(text, type);
        } catch (ConversionException e) {
            return "error: " + e.getMessage().replace("[ ]", "");
        }
    }
}
