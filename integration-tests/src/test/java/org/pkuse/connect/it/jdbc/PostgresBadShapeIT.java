package org.pkuse.connect.it.jdbc;

/** Records of a bad shape on PostgreSQL, where quoted names are case-sensitive and 'Name', 'name' still clash. */
class PostgresBadShapeIT extends AbstractBadShapeIT {
    PostgresBadShapeIT() {
        super(TargetDatabase.postgres());
    }
}
