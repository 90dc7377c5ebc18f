package org.pkuse.connect.headers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Which jobs a sink serves ({@code pkuse.task.id}). Empty: every job. Otherwise a record's {@code taskId} header must
 * equal the id, or be one of its periodic runs: the id, a dash, and a non-empty run suffix ({@code 100003-7},
 * {@code 100003-20261121T0900}). Each run is its own job (own control row, own start and end events).
 */
public final class JobScope {

    private final String jobId;

    public JobScope(String jobId) {
        this.jobId = jobId == null ? "" : jobId.trim();
    }

    public boolean servesAll() {
        return jobId.isEmpty();
    }

    public boolean accepts(String taskId) {
        if (jobId.isEmpty()) {
            return true;
        }
        if (taskId == null) {
            return false;
        }
        return taskId.equals(jobId) || (taskId.length() > jobId.length() + 1 && taskId.startsWith(jobId)
                && taskId.charAt(jobId.length()) == '-');
    }

    /** The served jobs (their {@link JobHeaders#jobKey()}) of these records, each with its first record's topic. */
    public Map<String, String> jobsIn(Iterable<SinkRecord> records) {
        Map<String, String> jobs = new LinkedHashMap<>();
        for (SinkRecord r : records) {
            try {
                JobHeaders h = JobHeadersReader.read(r.headers()).orElse(null);
                if (h != null && accepts(h.taskId())) {
                    jobs.putIfAbsent(h.jobKey(), r.topic());
                }
            } catch (RuntimeException ignored) {
                // a malformed header belongs to no job
            }
        }
        return jobs;
    }

    @Override
    public String toString() {
        return jobId.isEmpty() ? "every job" : "job " + jobId + " and its runs " + jobId + "-<n>";
    }
}
