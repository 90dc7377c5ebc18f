package org.pkuse.connect.it.jdbc;

import java.util.Map;

/** The write modes against MariaDB 11.4, through MySQL's driver and a jdbc:mysql:// URL as the field uses it. */
class MariaDbWriteModesIT extends AbstractWriteModesIT {

    private static final Map<String, String> TYPES = Map.of("int", "int(11)", "bigint", "bigint(20)", "text",
            "longtext", "keyvarchar", "varchar(255)", "decimal", "decimal(12,2)", "date", "date", "timestamp",
            "datetime(3)", "boolean", "tinyint(1)");

    MariaDbWriteModesIT() {
        super(TargetDatabase.mariaDb());
    }

    @Override
    String expectedType(String kind) {
        return TYPES.get(kind);
    }
}
