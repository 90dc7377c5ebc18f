package org.pkuse.connect.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** table.name.format: dots in the format qualify, dots in the topic stay in the table name. */
class TableIdTest {

    @Test
    void aDottedTopicIsOneTableName() {
        assertThat(TableId.forTopic("${topic}", "hb_default_emp.2021.06"))
                .isEqualTo(new TableId(null, "hb_default_emp.2021.06"));
        assertThat(TableId.forTopic("${topic}_copy", "a.b")).isEqualTo(new TableId(null, "a.b_copy"));
    }

    @Test
    void aDotWrittenInTheFormatSeparatesQualifierAndTable() {
        assertThat(TableId.forTopic("test03.${topic}", "a.b")).isEqualTo(new TableId("test03", "a.b"));
        assertThat(TableId.forTopic(" test03.emp_${topic} ", "ns_t.v2"))
                .isEqualTo(new TableId("test03", "emp_ns_t.v2"));
        assertThat(TableId.forTopic("test03.employee", "a.b")).isEqualTo(new TableId("test03", "employee"));
        assertThat(TableId.forTopic("${topic}.employee", "a.b")).isEqualTo(new TableId("a.b", "employee"));
    }
}
