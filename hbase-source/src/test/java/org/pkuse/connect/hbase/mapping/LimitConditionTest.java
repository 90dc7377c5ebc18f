package org.pkuse.connect.hbase.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.filter.SingleColumnValueFilter;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.LimitCondition;

class LimitConditionTest {

    private static final CellDecoder TEXT = new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd",
            "yyyy-MM-dd HH:mm:ss[.SSS]", ZoneId.of("UTC"));

    private static LimitCondition parse(String text, String type) {
        return LimitCondition.parse(text, "f", "cf:f", FieldType.parse(type), TEXT);
    }

    @Test
    void comparisonsAreTyped() {
        assertThat(parse("> 9", "int").test(10)).isTrue();
        assertThat(parse("> 9", "int").test(9)).isFalse();
        assertThat(parse(">= 9", "int").test(9)).isTrue();
        assertThat(parse("< 10", "bigint").test(9L)).isTrue();
        assertThat(parse("<= '10'", "bigint").test(10L)).isTrue();
        assertThat(parse("= 2.50", "decimal(5,2)").test(new BigDecimal("2.50"))).isTrue();
        assertThat(parse("!= 3", "int").test(3)).isFalse();
        assertThat(parse("<> 3", "int").test(4)).isTrue();
        // "10" > "9" as numbers, not as text
        assertThat(parse("> 9", "string").test("10")).isFalse();
        assertThat(parse("> '2021-01-01'", "date").test(java.util.Date.from(java.time.Instant.parse(
                "2021-06-17T00:00:00Z")))).isTrue();
        assertThat(parse("= true", "boolean").test(true)).isTrue();
    }

    @Test
    void inLikeAndNull() {
        assertThat(parse("IN (1, 2, 3)", "int").test(2)).isTrue();
        assertThat(parse("in (1,2,3)", "int").test(4)).isFalse();
        assertThat(parse("NOT IN ('a','b')", "string").test("c")).isTrue();
        assertThat(parse("IN ('it''s', 'x,y')", "string").test("x,y")).isTrue();
        assertThat(parse("IN ('it''s', 'x,y')", "string").test("it's")).isTrue();
        assertThat(parse("LIKE '王%'", "string").test("王伟")).isTrue();
        assertThat(parse("LIKE '王%'", "string").test("李伟")).isFalse();
        assertThat(parse("like '_伟'", "string").test("李伟")).isTrue();
        assertThat(parse("NOT LIKE 'a%'", "string").test("b")).isTrue();
        assertThat(parse("IS NULL", "int").test(null)).isTrue();
        assertThat(parse("is not null", "int").test(null)).isFalse();
        assertThat(parse("> 1", "int").test(null)).isFalse();
        assertThat(parse("f > 1", "int").test(2)).isTrue();
        assertThat(parse("cf:f = 1", "int").test(1)).isTrue();
        assertThat(parse("", "int")).isNull();
        assertThat(parse("  ", "int")).isNull();
    }

    @Test
    void malformedConditionsAreRejected() {
        assertThatThrownBy(() -> parse("> abc", "int")).hasMessageContaining("abc");
        assertThatThrownBy(() -> parse("between 1 and 2", "int")).hasMessageContaining("not a condition");
        assertThatThrownBy(() -> parse("LIKE 'a%'", "int")).hasMessageContaining("string");
        assertThatThrownBy(() -> parse("IN ()", "int")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> parse("= 'abc", "string")).hasMessageContaining("quote");
        assertThatThrownBy(() -> parse("=", "int")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("> true", "boolean")).hasMessageContaining("boolean");
        assertThatThrownBy(() -> parse("= x", "bytes")).hasMessageContaining("IS [NOT] NULL");
    }

    @Test
    void pushDownOnlyWhereBytesAgree() {
        byte[] cf = "cf".getBytes(StandardCharsets.UTF_8);
        byte[] q = "f".getBytes(StandardCharsets.UTF_8);
        assertThat(ConditionFilter.pushDown(parse("= 'a'", "string"), cf, q, ValueEncoding.STRING)).get()
                .isInstanceOf(SingleColumnValueFilter.class);
        assertThat(ConditionFilter.pushDown(parse("IN ('a','b')", "string"), cf, q, ValueEncoding.STRING)).get()
                .isInstanceOf(FilterList.class);
        assertThat(ConditionFilter.pushDown(parse("LIKE 'ab%'", "string"), cf, q, ValueEncoding.STRING)).isPresent();
        assertThat(ConditionFilter.pushDown(parse("LIKE '%ab'", "string"), cf, q, ValueEncoding.STRING)).isEmpty();
        assertThat(ConditionFilter.pushDown(parse("= 5", "int"), cf, q, ValueEncoding.STRING)).isEmpty();
        assertThat(ConditionFilter.pushDown(parse("> 'a'", "string"), cf, q, ValueEncoding.STRING)).isEmpty();
    }
}
