package org.pkuse.connect.hbase.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.MapRule;

class MapRuleTest {

    private static final CellDecoder TEXT = new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd",
            "yyyy-MM-dd HH:mm:ss[.SSS]", ZoneId.of("UTC"));

    private static MapRule parse(String text, String type) {
        return MapRule.parse(text, FieldType.parse(type), TEXT);
    }

    @Test
    void blankIsNone() {
        assertThat(parse(" ", "string").isNone()).isTrue();
        assertThat(parse("", "int").apply(5)).isEqualTo(5);
        assertThat(parse(null, "int").isNone()).isTrue();
    }

    @Test
    void rules() {
        assertThat(parse("trim", "string").apply("  a ")).isEqualTo("a");
        assertThat(parse("UPPER", "string").apply("ab")).isEqualTo("AB");
        assertThat(parse("lower", "string").apply("AB")).isEqualTo("ab");
        assertThat(parse("trim|upper", "string").apply(" ab ")).isEqualTo("AB");
        assertThat(parse("mask", "string").apply("13812345678")).isEqualTo("1*********8");
        assertThat(parse("mask(3,4)", "string").apply("13812345678")).isEqualTo("138****5678");
        assertThat(parse("mask", "string").apply("王伟")).isEqualTo("**");
        assertThat(parse("mask", "string").apply("欧阳小明")).isEqualTo("欧**明");
        assertThat(parse("map(男:M,女:F)", "string").apply("女")).isEqualTo("F");
        assertThat(parse("map(男:M,女:F)", "string").apply("x")).isEqualTo("x");
        assertThat(parse("default(0)", "int").apply(null)).isEqualTo(0);
        assertThat(parse("default(0)", "int").apply(7)).isEqualTo(7);
        assertThat(parse("default('n/a')", "string").apply(null)).isEqualTo("n/a");
        assertThat(parse("trim", "string").apply(null)).isNull();
    }

    @Test
    void malformedRulesAreRejected() {
        assertThatThrownBy(() -> parse("upper", "int")).hasMessageContaining("string fields");
        assertThatThrownBy(() -> parse("reverse", "string")).hasMessageContaining("unknown rule 'reverse'");
        assertThatThrownBy(() -> parse("default(abc)", "int")).hasMessageContaining("abc");
        assertThatThrownBy(() -> parse("default", "int")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("map(a)", "string")).hasMessageContaining("a:b");
        assertThatThrownBy(() -> parse("mask(x)", "string")).hasMessageContaining("mask(n,m)");
        assertThatThrownBy(() -> parse("trim(1)", "string")).hasMessageContaining("no arguments");
        assertThatThrownBy(() -> parse("trim(", "string")).hasMessageContaining("not a rule");
    }

    @Test
    void masksTellsWhetherAnyStepMasks() {
        assertThat(parse("trim|mask(1,1)", "string").masks()).isTrue();
        assertThat(parse("MASK", "string").masks()).isTrue();
        assertThat(parse("trim|upper|map(a:b)", "string").masks()).isFalse();
        assertThat(parse("", "string").masks()).isFalse();
    }
}
