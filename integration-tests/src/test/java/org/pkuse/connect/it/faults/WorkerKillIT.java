package org.pkuse.connect.it.faults;

import java.util.Map;

/** The kill tests on workers with Connect's default at-least-once source delivery. */
class WorkerKillIT extends AbstractWorkerKillIT {

    @Override
    protected Map<String, String> variantWorkerProps() {
        return Map.of();
    }

    @Override
    protected String variant() {
        return "alo";
    }
}
