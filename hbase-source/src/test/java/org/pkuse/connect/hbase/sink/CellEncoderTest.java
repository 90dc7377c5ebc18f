package org.pkuse.connect.hbase.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ValueEncoding;

class CellEncoderTest {

    private static final String DATETIME = "yyyy-MM-dd HH:mm:ss[.SSS]";

    private static CellDecoder decoder(ValueEncoding encoding) {
        return new CellDecoder(encoding, "yyyy-MM-dd", DATETIME, ZoneId.of("Asia/Shanghai"));
    }

    /** Cells as a loader writes them: decoded by the source, encoded by the sink, the same bytes again. */
    @ParameterizedTest
    @EnumSource(ValueEncoding.class)
    void whatTheSourceReadsTheSinkWritesBackByteForByte(ValueEncoding encoding) throws Exception {
        CellDecoder decoder = decoder(encoding);
        CellEncoder encoder = new CellEncoder(decoder, DATETIME);
        boolean text = encoding == ValueEncoding.STRING;
        List<Object[]> cells = List.of(
                new Object[] {"int", text ? utf8("-42") : Bytes.toBytes(-42)},
                new Object[] {"bigint", text ? utf8("9007199254740993") : Bytes.toBytes(9007199254740993L)},
                new Object[] {"double", text ? utf8("1234.5") : Bytes.toBytes(1234.5d)},
                new Object[] {"float", text ? utf8("0.25") : Bytes.toBytes(0.25f)},
                new Object[] {"decimal(12,2)", text ? utf8("-0.05") : Bytes.toBytes(new BigDecimal("-0.05"))},
                new Object[] {"boolean", text ? utf8("true") : Bytes.toBytes(true)},
                new Object[] {"date", text ? utf8("2021-06-17") : Bytes.toBytes(1623888000000L)},
                new Object[] {"datetime", text ? utf8("2021-06-17 09:30:00") : Bytes.toBytes(1623893400000L)},
                new Object[] {"datetime", text ? utf8("2021-06-17 09:30:00.123") : Bytes.toBytes(1623893400123L)},
                new Object[] {"string", utf8("欧阳小明 Ops")},
                new Object[] {"bytes", new byte[] {0, 1, (byte) 0xFF}});
        for (Object[] cell : cells) {
            FieldType type = FieldType.parse((String) cell[0]);
            byte[] raw = (byte[]) cell[1];
            Object value = decoder.decode(raw, type);
            assertThat(encoder.encode(value, type)).as(cell[0] + " " + encoding).isEqualTo(raw);
        }
    }

    @Test
    void recordTypesThatFitAreWidenedOrNarrowedExactly() throws Exception {
        CellEncoder encoder = new CellEncoder(decoder(ValueEncoding.STRING), DATETIME);
        assertThat(encoder.encode(7L, FieldType.parse("int"))).isEqualTo(utf8("7"));
        assertThat(encoder.encode(7, FieldType.parse("bigint"))).isEqualTo(utf8("7"));
        assertThat(encoder.encode(new BigDecimal("1.5"), FieldType.parse("decimal(5,2)"))).isEqualTo(utf8("1.50"));
        assertThat(encoder.encode(12, FieldType.parse("string"))).isEqualTo(utf8("12"));
    }

    @Test
    void aValueThatDoesNotFitNamesTheTypesNeverTheValue() {
        CellEncoder encoder = new CellEncoder(decoder(ValueEncoding.BINARY), DATETIME);
        assertThatThrownBy(() -> encoder.encode(5_000_000_000L, FieldType.parse("int")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("Long").hasMessageContaining("int")
                .hasMessageNotContaining("5000000000");
        assertThatThrownBy(() -> encoder.encode(new BigDecimal("1.234"), FieldType.parse("decimal(5,2)")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("decimal(5,2)")
                .hasMessageNotContaining("1.234");
        assertThatThrownBy(() -> encoder.encode("secret-text", FieldType.parse("bigint")))
                .isInstanceOf(ConversionException.class).hasMessageNotContaining("secret-text");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
