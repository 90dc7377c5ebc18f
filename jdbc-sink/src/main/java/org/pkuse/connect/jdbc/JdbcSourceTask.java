package org.pkuse.connect.jdbc;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.common.source.SourceJobConfig;
import org.pkuse.connect.jdbc.continuous.ContinuousTask;

/**
 * The JDBC source's task: with {@code pkuse.task.id}, a platform job ({@link JobModeTask}); without, continuous
 * polling as Confluent's JDBC source does it ({@link ContinuousTask}). The worker knows one task class per
 * connector, so this one hands every call to the mode's task.
 */
public class JdbcSourceTask extends SourceTask {

    private SourceTask mode;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        String jobId = props.getOrDefault(SourceJobConfig.TASK_ID, "");
        mode = jobId == null || jobId.isBlank() ? new ContinuousTask() : new JobModeTask();
        mode.initialize(context);
        mode.start(props);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return mode.poll();
    }

    @Override
    public void commit() throws InterruptedException {
        mode.commit();
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
        mode.commitRecord(record, metadata);
    }

    @Override
    public void stop() {
        if (mode != null) {
            mode.stop();
        }
    }
}
