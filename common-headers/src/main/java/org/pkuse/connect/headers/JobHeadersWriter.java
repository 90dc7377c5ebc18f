package org.pkuse.connect.headers;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;

/** Adds the job headers to a record's Connect headers, each with its schema (string, int64, int64, boolean). */
public final class JobHeadersWriter {

    private JobHeadersWriter() {
    }

    /** Writes the four headers (and the marker header of an empty run), replacing any earlier values of the same names. */
    public static Headers write(JobHeaders job, Headers headers) {
        headers.remove(JobHeaders.TASK_ID)
                .remove(JobHeaders.PREDICTED_TOTAL)
                .remove(JobHeaders.CURRENT_INDEX)
                .remove(JobHeaders.IS_END)
                .remove(JobHeaders.MARKER)
                .remove(JobHeaders.RERUN);
        headers.add(JobHeaders.TASK_ID, job.taskId(), Schema.STRING_SCHEMA)
                .add(JobHeaders.PREDICTED_TOTAL, job.predictedTotal(), Schema.INT64_SCHEMA)
                .add(JobHeaders.CURRENT_INDEX, job.currentIndex(), Schema.INT64_SCHEMA)
                .add(JobHeaders.IS_END, job.isEnd(), Schema.BOOLEAN_SCHEMA);
        if (job.rerun() > 0) {
            headers.add(JobHeaders.RERUN, job.rerun(), Schema.INT64_SCHEMA);
        }
        if (job.isEmptyRun()) {
            headers.add(JobHeaders.MARKER, JobHeaders.EMPTY_RUN, Schema.STRING_SCHEMA);
        }
        return headers;
    }
}
