package org.pkuse.connect.jdbc.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** What a database error shows outside the task: the driver messages below are as the drivers word them. */
class ErrorTextTest {

    private static final ErrorText HIDDEN = ErrorText.WITHOUT_VALUES;
    private static final ErrorText SHOWN = new ErrorText(true);

    @Test
    void mysqlAndMariaDbValuesAreReplacedNamesStay() {
        assertThat(HIDDEN.text("(conn=12) Duplicate entry 'zhang.san@example.com' for key 'PRIMARY'"))
                .isEqualTo("(conn=12) Duplicate entry '?' for key 'PRIMARY'");
        assertThat(HIDDEN.text("Incorrect integer value: 'abc-4711' for column `test03`.`emp`.`age` at row 1"))
                .isEqualTo("Incorrect integer value: '?' for column `test03`.`emp`.`age` at row 1");
        assertThat(HIDDEN.text("Job header 'currentIndex' has value 'x' (STRING)"))
                .isEqualTo("Job header 'currentIndex' has value '?' (STRING)");
        assertThat(HIDDEN.text("Data too long for column 'name' at row 3"))
                .isEqualTo("Data too long for column 'name' at row 3");
        assertThat(SHOWN.text("Duplicate entry '4711' for key 'PRIMARY'"))
                .isEqualTo("Duplicate entry '4711' for key 'PRIMARY'");
    }

    @Test
    void postgresDetailAndQuotedValuesAreDropped() {
        String duplicate = "ERROR: duplicate key value violates unique constraint \"emp_pkey\"\n"
                + "  Detail: Key (id)=(4711) already exists.";
        assertThat(HIDDEN.text(duplicate)).isEqualTo(
                "ERROR: duplicate key value violates unique constraint \"emp_pkey\"");
        assertThat(HIDDEN.text("ERROR: invalid input syntax for type integer: \"abc-4711\""))
                .isEqualTo("ERROR: invalid input syntax for type integer: \"?\"");
        assertThat(HIDDEN.text("Key (id, name)=(4711, zhang) already exists")).doesNotContain("4711");
        assertThat(SHOWN.text(duplicate)).isEqualTo(duplicate);
    }

    @Test
    void aBatchEntryLosesItsStatementAndValues() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO emp VALUES "
                + "(4711, 'zhang san') was aborted: ERROR: value too long  Call getNextException to see the "
                + "other errors in the batch.", "22001", 0, new int[0]);
        batch.setNextException(new SQLException("ERROR: value too long for type character varying(10)", "22001"));
        assertThat(HIDDEN.brief(batch)).isEqualTo(
                "java.sql.SQLException [SQLSTATE 22001]: ERROR: value too long for type character varying(10)");
        assertThat(HIDDEN.text(batch.getMessage())).doesNotContain("4711").doesNotContain("zhang")
                .startsWith("Batch entry 0 was aborted");
    }

    @Test
    void theShownChainKeepsClassesStatesAndTracesButNoValues() {
        SQLException driver = new SQLException("Duplicate entry 'zhang.san@example.com' for key 'PRIMARY'",
                "23000", 1062);
        RuntimeException wrapper = new RuntimeException("write failed: Duplicate entry 'zhang.san@example.com' "
                + "for key 'PRIMARY'", driver);
        Throwable shown = HIDDEN.shown(wrapper);
        StringWriter trace = new StringWriter();
        shown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("zhang.san")
                .contains("java.sql.SQLException [SQLSTATE 23000, code 1062]: Duplicate entry '?' for key 'PRIMARY'")
                .contains("ErrorTextTest.theShownChainKeepsClassesStatesAndTracesButNoValues");
    }

    @Test
    void briefCutsLongMessagesAndSecretsAreAlwaysHidden() {
        String brief = HIDDEN.brief(new SQLException("x".repeat(1000)));
        assertThat(brief).startsWith("java.sql.SQLException: xxx").endsWith("... (723 more chars)");
        assertThat(SHOWN.text("jdbc:mysql://db/x?password=Zq7-s3cr3t")).doesNotContain("Zq7-s3cr3t");
    }
}
