package org.pkuse.connect.hbase.run;

import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ValueEncoding;

/**
 * The options a run reads. {@code HBaseSourceConfig} implements it; the run package reads options only through it so
 * that it does not depend back on the connector's package, which uses the run package.
 */
public interface RunOptions {

    /** Keys that run messages name. */
    String INCREMENT_FIELD = "pkuse.incrementreadfields";
    String LAST_INCREMENT_VALUE = "pkuse.lastincrementvalue";
    String ERRORS_INCLUDE_VALUES = "pkuse.errors.include.values";

    String jobId();

    String namespace();

    String table();

    /** {@code namespace:table}. */
    String qualifiedTable();

    String topic();

    ValueEncoding valueEncoding();

    ValueEncoding rowKeyEncoding();

    CellDecoder decoder();

    String rowKeyStart();

    String rowKeyStop();

    boolean incremental();

    String incrementField();

    boolean emptyRunMarker();

    int scanCaching();

    int scanThreads();

    int scanQueueRows();

    /** A schedule (interval or cron) is set: each run is its own job {@code <job>-<run>}. */
    boolean scheduled();

    /** Values may appear in messages ({@code pkuse.errors.include.values}). */
    boolean includeValues();

    /** {@code errors.tolerance=all}: rows whose values cannot be converted are skipped and counted. */
    boolean tolerateAll();
}
