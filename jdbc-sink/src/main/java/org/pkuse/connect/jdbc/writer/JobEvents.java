package org.pkuse.connect.jdbc.writer;

import org.pkuse.connect.jdbc.job.JobProgress;

/** What the writer tells the task about jobs, each after the database change it describes is committed. */
public interface JobEvents {

    /** This task created the job's control row: it sends the job's only sink 'start'. */
    void started(String jobId, String topic, long predictedTotal);

    /** A flush committed records of the job. */
    void progressed(JobProgress job);

    /** This task's flush committed the job's last missing index and flipped it to ENDED: the only 'end'. */
    void ended(JobProgress job);
}
