package io.concertsale.router.job;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import io.concertsale.eventkit.sink.SinkException;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.zeebe.EngineException;
import io.concertsale.router.zeebe.EngineFailures;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job worker's handler: builds the job's event ({@link JobEvents}), emits it ({@link EventEmitter}), then
 * completes the job ({@code emit}) or extends its timeout to wait for the reply ({@code emit-and-wait}). When the
 * sink does not accept the event, the job fails with one retry less and the configured backoff, so the engine
 * tries again and raises an incident when no retries are left. A task that can never emit (no {@code type} header)
 * fails with no retries left at once.
 */
public class CloudEventsJobHandler implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(CloudEventsJobHandler.class);

    private final CamundaClient client;
    private final JobEvents events;
    private final EventEmitter emitter;
    private final RouterMetrics metrics;
    private final Duration retryBackoff;
    private final Duration replyTimeout;

    public CloudEventsJobHandler(CamundaClient client, JobEvents events, EventEmitter emitter, RouterMetrics metrics,
            Duration retryBackoff, Duration replyTimeout) {
        this.client = client;
        this.events = events;
        this.emitter = emitter;
        this.metrics = metrics;
        this.retryBackoff = retryBackoff;
        this.replyTimeout = replyTimeout;
    }

    @Override
    public void handle(JobClient jobs, ActivatedJob job) {
        JobEvents.Emission emission;
        try {
            emission = events.emission(new JobEvents.Job(job.getKey(), job.getProcessInstanceKey(),
                    job.getBpmnProcessId(), job.getElementId(), job.getCustomHeaders(), job.getVariablesAsMap()));
        } catch (InvalidTaskException e) {
            log.warn("Job {} ({} in {}) cannot emit: {}", job.getKey(), job.getElementId(), job.getBpmnProcessId(),
                    e.getMessage());
            fail(jobs, job, 0, Duration.ZERO, e.getMessage());
            return;
        }
        try {
            emitter.emit(emission);
        } catch (SinkException e) {
            int retries = Math.max(0, job.getRetries() - 1);
            log.warn("Job {} ({} in {}) could not emit {} to {} ({} retries left): {}", job.getKey(),
                    job.getElementId(), job.getBpmnProcessId(), emission.event().getType(), emission.sink(), retries,
                    e.getMessage());
            fail(jobs, job, retries, retryBackoff, "Could not emit " + emission.event().getType() + " to "
                    + emission.sink() + ": " + e.getMessage());
            return;
        }
        if (emission.mode() == JobEvents.Mode.EMIT) {
            complete(jobs, job, emission);
        } else {
            awaitReply(job, emission);
        }
    }

    private void complete(JobClient jobs, ActivatedJob job, JobEvents.Emission emission) {
        try {
            jobs.newCompleteCommand(job).send().join();
            metrics.jobCompleted();
            log.debug("Job {} emitted {} {} and completed", job.getKey(), emission.event().getType(),
                    emission.event().getId());
        } catch (RuntimeException e) {
            // the job timed out or was cancelled meanwhile; the engine decides what happens to it next
            EngineException failure = EngineFailures.translate(e, "completing job " + job.getKey());
            log.warn("Job {} emitted {} but could not be completed: {}", job.getKey(), emission.event().getType(),
                    failure.getMessage());
        }
    }

    private void awaitReply(ActivatedJob job, JobEvents.Emission emission) {
        try {
            client.newUpdateTimeoutCommand(job).timeout(replyTimeout).send().join();
            log.debug("Job {} emitted {} {} and waits up to {} for its reply", job.getKey(),
                    emission.event().getType(), emission.event().getId(), replyTimeout);
        } catch (RuntimeException e) {
            EngineException failure = EngineFailures.translate(e, "extending the timeout of job " + job.getKey());
            if (failure.kind() == EngineException.Kind.NOT_FOUND) {
                // the reply was quicker than this command and already ended the job
                log.debug("Job {} ended before its timeout was extended: its reply came first", job.getKey());
            } else {
                log.warn("Job {} emitted {} but its timeout could not be extended; it waits until its activation"
                        + " timeout and is then emitted again: {}", job.getKey(), emission.event().getType(),
                        failure.getMessage());
            }
        }
    }

    private void fail(JobClient jobs, ActivatedJob job, int retries, Duration backoff, String message) {
        try {
            jobs.newFailCommand(job).retries(retries).retryBackoff(backoff).errorMessage(message).send().join();
            metrics.jobFailed();
        } catch (RuntimeException e) {
            EngineException failure = EngineFailures.translate(e, "failing job " + job.getKey());
            log.warn("Job {} could not be failed: {}", job.getKey(), failure.getMessage());
        }
    }
}
