package org.pkuse.connect.it.faults;

import java.util.Map;

/**
 * The kill tests on workers with {@code exactly.once.source.support=enabled}: source records and their offsets
 * commit in one transaction, and sink consumers read only committed records.
 */
class ExactlyOnceWorkerKillIT extends AbstractWorkerKillIT {

    @Override
    protected Map<String, String> variantWorkerProps() {
        return Map.of("exactly.once.source.support", "enabled", "consumer.isolation.level", "read_committed");
    }

    @Override
    protected String variant() {
        return "eos";
    }
}
