package org.pkuse.connect.quickstart;

/** Where the quickstart's seed job writes: the sink example from {@code config-examples/} that it POSTs. */
enum Target {

    /** The seed job as the field runs it: the JDBC sink into MariaDB {@code test03.employee01_2021_06_17}. */
    JDBC("jdbcsink_connector_001.json", "org.pkuse.connect.jdbc.JdbcSinkConnector", true),

    /** HBase to HBase: the HBase sink into the table its example names, on the same HBase, created by the sink. */
    HBASE("hbasesink_connector_001.json", "org.pkuse.connect.hbase.HBaseSinkConnector", false);

    private final String example;
    private final String sinkClass;
    private final boolean needsMariaDb;

    Target(String example, String sinkClass, boolean needsMariaDb) {
        this.example = example;
        this.sinkClass = sinkClass;
        this.needsMariaDb = needsMariaDb;
    }

    /** The sink's connector JSON in {@code config-examples/}. */
    String example() {
        return example;
    }

    String sinkClass() {
        return sinkClass;
    }

    boolean needsMariaDb() {
        return needsMariaDb;
    }
}
