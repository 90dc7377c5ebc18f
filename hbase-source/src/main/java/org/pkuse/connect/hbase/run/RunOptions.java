package org.pkuse.connect.hbase.run;

import org.pkuse.connect.common.source.RunSettings;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ValueEncoding;

/**
 * The options an HBase run reads, besides the job options every source has. {@code HBaseSourceConfig} implements it;
 * the run package reads options only through it so that it does not depend back on the connector's package, which
 * uses the run package.
 */
public interface RunOptions extends RunSettings {

    String namespace();

    String table();

    ValueEncoding valueEncoding();

    ValueEncoding rowKeyEncoding();

    CellDecoder decoder();

    String rowKeyStart();

    String rowKeyStop();

    boolean incremental();

    String incrementField();

    int scanCaching();

    int scanThreads();

    int scanQueueRows();
}
