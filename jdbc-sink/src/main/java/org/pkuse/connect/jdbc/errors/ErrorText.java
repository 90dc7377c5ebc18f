package org.pkuse.connect.jdbc.errors;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pkuse.connect.status.Redactor;

/**
 * How a database error is shown outside the task: in log lines, status events, the task's trace and dead-letter
 * headers. Rows may hold personal data, so by default the values a driver quotes in its messages (MySQL's
 * "Duplicate entry '42'", PostgreSQL's "Key (id)=(42)", "Failing row contains (...)", "Batch entry 0 INSERT ...
 * VALUES (...)") are replaced by {@code ?}; what the error is about (the SQLSTATE, the column, the key, the
 * constraint) stays. {@code pkuse.errors.include.values=true} keeps the values. Secrets are always redacted.
 */
public final class ErrorText {

    /** Longest message a log line or event quotes. */
    static final int MAX_MESSAGE_CHARS = 300;

    /** Quoted literals, taken left to right so that a closing quote never opens the next one. */
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'[^']*'");
    /** A literal right after one of these words names something (a column, a key...): it stays. */
    private static final Pattern NAMING_WORD = Pattern.compile(
            "(?i)(?:column|key|table|database|user|constraint|index|field|schema|for type|header)\\s*$");
    /** PostgreSQL quotes an offending value after a colon: {@code invalid input syntax for type integer: "x"}. */
    private static final Pattern VALUE_AFTER_COLON = Pattern.compile(":\\s*\"[^\"]*\"");
    /** PostgreSQL's server DETAIL and WHERE lines carry the row ({@code Key (id)=(42)}, {@code Failing row ...}). */
    private static final Pattern DETAIL_LINE = Pattern.compile("(?is)\\s*(Detail|Where|Hint|Detalle|详细):.*");
    /** PostgreSQL's batch wrapper quotes the statement with its bound values. */
    private static final Pattern BATCH_ENTRY = Pattern.compile("(?is)Batch entry (\\d+) .*? was aborted");
    private static final Pattern KEY_VALUES = Pattern.compile("=\\([^)]*\\)");

    /** For errors about the connector's own tables, and wherever no config is at hand. */
    public static final ErrorText WITHOUT_VALUES = new ErrorText(false);

    private final boolean includeValues;

    public ErrorText(boolean includeValues) {
        this.includeValues = includeValues;
    }

    public boolean includesValues() {
        return includeValues;
    }

    /** A message as it may be shown: secrets redacted and, unless values are asked for, values replaced. */
    public String text(String message) {
        if (message == null) {
            return null;
        }
        String shown = Redactor.redact(message);
        if (includeValues) {
            return shown;
        }
        shown = BATCH_ENTRY.matcher(shown).replaceAll("Batch entry $1 was aborted");
        shown = DETAIL_LINE.matcher(shown).replaceAll("");
        shown = KEY_VALUES.matcher(shown).replaceAll("=(?)");
        shown = VALUE_AFTER_COLON.matcher(shown).replaceAll(": \"?\"");
        return withoutQuotedValues(shown);
    }

    private static String withoutQuotedValues(String text) {
        Matcher literal = SINGLE_QUOTED.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (literal.find()) {
            String before = text.substring(Math.max(0, literal.start() - 12), literal.start());
            literal.appendReplacement(out, NAMING_WORD.matcher(before).find()
                    ? Matcher.quoteReplacement(literal.group()) : "'?'");
        }
        literal.appendTail(out);
        return out.toString();
    }

    /**
     * A short description for a log line or event: the class and message of the error (the server's own error
     * instead of a batch wrapper), shown as {@link #text(String)} allows, cut to {@value #MAX_MESSAGE_CHARS} chars.
     */
    public String brief(Throwable error) {
        Throwable cause = error;
        if (error instanceof BatchUpdateException batch && batch.getNextException() != null) {
            cause = batch.getNextException();
        }
        String text = cause.getClass().getName() + (cause instanceof SQLException sql && sql.getSQLState() != null
                ? " [SQLSTATE " + sql.getSQLState() + "]" : "") + ": " + text(cause.getMessage());
        return text.length() <= MAX_MESSAGE_CHARS ? text
                : text.substring(0, MAX_MESSAGE_CHARS) + "... (" + (text.length() - MAX_MESSAGE_CHARS) + " more chars)";
    }

    /**
     * The error as it may leave the task (as an exception's cause, whose trace the worker logs and shows): a copy
     * of the chain with each message shown as {@link #text(String)} allows, stack traces kept. Decide anything on
     * the original (transient or not), never on the copy.
     */
    public Throwable shown(Throwable error) {
        if (error == null) {
            return null;
        }
        Throwable cause = error.getCause() == error ? null : shown(error.getCause());
        if (error instanceof BatchUpdateException batch && batch.getNextException() != null && cause == null) {
            cause = shown(batch.getNextException());
        }
        ShownError copy = new ShownError(error, text(error.getMessage()), cause);
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }

    /** Stands in for an error whose message may have held row values; names the original class. */
    static final class ShownError extends Exception {
        private static final long serialVersionUID = 1L;
        private final String originalClass;

        ShownError(Throwable original, String message, Throwable cause) {
            super(message, cause, false, true);
            this.originalClass = original.getClass().getName()
                    + (original instanceof SQLException sql && sql.getSQLState() != null
                    ? " [SQLSTATE " + sql.getSQLState() + ", code " + sql.getErrorCode() + "]" : "");
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message == null ? originalClass : originalClass + ": " + message;
        }
    }
}
