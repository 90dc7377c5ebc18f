package org.pkuse.connect.jdbc.dialect;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

import org.pkuse.connect.jdbc.errors.ErrorText;

/**
 * Classifies database errors as transient (retry the batch) or not (the data or the schema is wrong), and what a
 * failure leaves of the connection. Each database's own transient codes come from its {@link DialectProvider}.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** A short description for a log line, without row values ({@link ErrorText#brief}). */
    public static String brief(Throwable error) {
        return ErrorText.WITHOUT_VALUES.brief(error);
    }

    /** The database could not be reached or the link was lost (SQLState class 08), anywhere in the causes. */
    public static boolean isConnectionFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SocketException || (t instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SocketException || t instanceof EOFException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.endsWith("CommunicationsException") || name.endsWith("ConnectionIsClosedException")) {
                return true;
            }
            if (isPoolClosedConnection(t)) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                InstalledDialects installed = InstalledDialects.get();
                if (state != null && (state.startsWith("08") || installed.transientSqlStates().contains(state))) {
                    return true;
                }
                if (state != null && state.startsWith("40") && sql.getErrorCode() != 0) {
                    return true;
                }
                if (installed.transientErrorCodes().contains(sql.getErrorCode())) {
                    return true;
                }
                for (SQLException next = sql.getNextException(); next != null && next != sql;
                     next = next.getNextException()) {
                    if (next != t && isTransient(next)) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * HikariCP closes a connection whose statement failed on a lost link, and every later call on it throws this bare
     * exception (no SQLSTATE). A statement retried on the same connection after a kill, or a rollback, meets it: it
     * is still the lost link, not a problem of the data.
     */
    private static boolean isPoolClosedConnection(Throwable t) {
        return t instanceof SQLException sql && sql.getSQLState() == null
                && "Connection is closed".equals(sql.getMessage());
    }

    /**
     * After a failed statement: is the connection itself gone? The pool closes a connection whose statement failed on
     * a lost link, and the next statement then fails with a bare "Connection is closed": still the lost link.
     */
    public static boolean connectionLost(Connection conn) {
        try {
            return conn.isClosed() || !conn.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    /** Rolls back after a failure that is reported otherwise; a rollback that fails too has nothing to add. */
    public static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            // the connection is gone: the server rolls the transaction back itself
        }
    }
}
