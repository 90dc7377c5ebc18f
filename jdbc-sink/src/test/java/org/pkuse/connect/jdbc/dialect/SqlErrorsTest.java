package org.pkuse.connect.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

/** Which database errors are retried, and how a log line quotes them. */
class SqlErrorsTest {

    @Test
    void lostConnectionsLocksAndDeadlocksAreTransientDataErrorsAreNot() {
        assertThat(SqlErrors.isTransient(new SQLException("Connection is closed", "08003"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLTransientConnectionException("gone"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("Data too long for column 'name'", "22001", 1406)))
                .isFalse();
        assertThat(SqlErrors.isTransient(new SQLException("duplicate key value violates unique constraint",
                "23505"))).isFalse();
        assertThat(SqlErrors.isTransient(new RuntimeException("wrapped", new java.net.SocketException("reset"))))
                .isTrue();
    }

    @Test
    void aBatchWrapperIsJudgedByTheServerErrorItCarries() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO emp ... was aborted",
                "40P01", 0, new int[0]);
        batch.setNextException(new SQLException("deadlock detected", "40P01"));
        assertThat(SqlErrors.isTransient(batch)).isTrue();

        BatchUpdateException data = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        data.setNextException(new SQLException("value too long for type character varying(10)", "22001"));
        assertThat(SqlErrors.isTransient(data)).isFalse();
    }
}
