package org.pkuse.connect.quickstart;

/** Where the quickstart's seed job reads: {@code --source}. */
enum Source {

    /** The seed job as the field runs it: the HBase source on a sample HBase table. */
    HBASE,

    /** A MariaDB table (an online order table) read by the JDBC source: MariaDB to MariaDB. */
    JDBC
}
