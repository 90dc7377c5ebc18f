package org.pkuse.connect.status.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusEvent;

/** Every job seen on the status topic, with its source and sink side, in order of first appearance. */
public final class JobBoard {

    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public record Job(String taskId, JobView source, JobView sink) {
    }

    public void apply(StatusEvent event) {
        if (event.taskId() == null || event.stage() == null) {
            return;
        }
        Job job = jobs.computeIfAbsent(event.taskId(),
                id -> new Job(id, new JobView(id, Side.SOURCE), new JobView(id, Side.SINK)));
        (sideOf(event) == Side.SINK ? job.sink() : job.source()).apply(event);
    }

    /** Events of older producers have no {@code side}: the JDBC sink's connector names say "sink". */
    private static Side sideOf(StatusEvent event) {
        if (event.side() != null) {
            return event.side();
        }
        String name = event.connectorName() == null ? "" : event.connectorName().toLowerCase(Locale.ROOT);
        return name.contains("sink") ? Side.SINK : Side.SOURCE;
    }

    public Job job(String taskId) {
        return jobs.get(taskId);
    }

    public List<Job> jobs() {
        List<Job> list = new ArrayList<>(jobs.values());
        list.sort(Comparator.comparingLong(JobBoard::lastUpdate).reversed());
        return list;
    }

    private static long lastUpdate(Job job) {
        return Math.max(job.source().updatedAt(), job.sink().updatedAt());
    }
}
