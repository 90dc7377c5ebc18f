package org.pkuse.connect.common.source;

/**
 * The increment field of an incremental run: its values compared, written into the {@code end} event's next value,
 * and read back from {@code pkuse.lastincrementvalue} or a stored offset.
 */
public interface Increments {

    int compare(Object a, Object b);

    String format(Object value);

    /**
     * A watermark read back; {@code what} names where it comes from.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException naming {@code what}, quoting the text only when
     *                                                          values may be shown
     */
    Object parse(String what, String text);
}
