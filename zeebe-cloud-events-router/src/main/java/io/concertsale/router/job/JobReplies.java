package io.concertsale.router.job;

import io.camunda.client.CamundaClient;
import io.concertsale.router.message.Routing;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.zeebe.EngineException;
import io.concertsale.router.zeebe.EngineFailures;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the wait of an emit-and-wait job when its reply arrives: completes the job with the reply's data as
 * variables, or, when the reply's type maps to a BPMN error ({@code router.bpmn-errors}), throws that error on it.
 * A job that no longer exists was already ended by an earlier delivery of the reply: that is a duplicate.
 */
public class JobReplies {

    private static final Logger log = LoggerFactory.getLogger(JobReplies.class);

    private final CamundaClient client;
    private final Map<String, String> bpmnErrors;
    private final RouterMetrics metrics;

    public JobReplies(CamundaClient client, Map<String, String> bpmnErrors, RouterMetrics metrics) {
        this.client = client;
        this.bpmnErrors = Map.copyOf(bpmnErrors);
        this.metrics = metrics;
    }

    /**
     * @param type the reply's event type
     * @param id the reply's event id, for logs
     * @param data the reply's data: the job's variables
     * @throws EngineException when the engine is not available or refuses
     */
    public Routing.Replied reply(long jobKey, String type, String id, Map<String, Object> data) {
        String errorCode = bpmnErrors.get(type);
        try {
            if (errorCode != null) {
                client.newThrowErrorCommand(jobKey).errorCode(errorCode).errorMessage(errorMessage(type, id, data))
                        .variables(data).send().join();
                log.debug("Reply {} {} threw BPMN error {} on job {}", type, id, errorCode, jobKey);
            } else {
                client.newCompleteCommand(jobKey).variables(data).send().join();
                metrics.jobCompleted();
                log.debug("Reply {} {} completed job {}", type, id, jobKey);
            }
            return new Routing.Replied(jobKey, type, errorCode, false);
        } catch (RuntimeException e) {
            EngineException failure = EngineFailures.translate(e, (errorCode == null ? "completing" : "throwing "
                    + errorCode + " on") + " job " + jobKey + " with reply " + type + " " + id);
            if (failure.kind() == EngineException.Kind.NOT_FOUND) {
                log.debug("Job {} of reply {} {} is already done: duplicate", jobKey, type, id);
                return new Routing.Replied(jobKey, type, errorCode, true);
            }
            throw failure;
        }
    }

    private static String errorMessage(String type, String id, Map<String, Object> data) {
        return data.get("message") instanceof String message && !message.isBlank() ? message
                : "Reply " + type + " " + id;
    }
}
