package org.pkuse.connect.common.metrics;

/** One job a sink task is writing ({@code type=sink-job-metrics,...,job=<id>}), registered until it ends or fails. */
public interface SinkJobMetricsMXBean {

    String getJobId();

    String getTopic();

    /** Records of the job committed in the store so far (by every task of the connector). */
    long getCommitted();

    /** The job's predictedTotal from its headers. */
    long getPredictedTotal();
}
