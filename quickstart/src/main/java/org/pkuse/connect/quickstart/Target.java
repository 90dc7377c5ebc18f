package org.pkuse.connect.quickstart;

/** Where the quickstart's seed job writes: {@code --target}. */
enum Target {

    /** MariaDB through the JDBC sink. */
    JDBC,

    /** HBase through the HBase sink: another table on the same HBase, created by the sink. */
    HBASE
}
