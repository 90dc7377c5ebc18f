package org.pkuse.connect.common.source;

/** A source connector's table (or query), as its runs read it. */
public interface RunSource extends AutoCloseable {

    /**
     * Plans a run reading from {@code from} (the increment watermark, "" from the beginning) up to the time bound
     * {@code upTo} and the increment bound {@code bound} (null: the run fixes it, see {@link RunReading#bound}),
     * after the row at {@code after} (a resumed run) or from the start.
     */
    RunReading plan(String from, long upTo, String bound, byte[] after) throws Exception;

    @Override
    void close();
}
