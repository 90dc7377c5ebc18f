package org.pkuse.connect.common.source;

import java.util.List;

/** The rows of one run in order, read ahead by the source's own threads or cursor. */
public interface RowStream extends AutoCloseable {

    /** The next items, at most {@code max}; empty when none is ready within {@code waitMs}. */
    List<RowItem> next(int max, long waitMs) throws InterruptedException;

    /** Reader threads still reading (metrics); 0 for a stream read on the caller's thread. */
    default int readersBusy() {
        return 0;
    }

    /** Every row has been handed out. */
    boolean done();

    @Override
    void close();
}
