package org.pkuse.connect.status;

import org.apache.kafka.connect.errors.ConnectException;

/** A status event that must be delivered ('end', 'error') could not be, within the configured time. */
public class StatusPublishException extends ConnectException {

    private static final long serialVersionUID = 1L;

    public StatusPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
