package io.concertsale.router.test;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.ServiceTaskBuilder;
import java.util.Map;

/** Small models built in code, with meaningful element ids the tests assert on. */
public final class TestModels {

    public static final String RECEIVE = "Receive_Next";
    public static final String END = "End_Done";
    public static final String TASK = "Task_Emit";
    public static final String ERROR_END = "End_Declined";
    public static final String JOB_TYPE = "cloudevents";

    private TestModels() {
    }

    /** Message start {@code startType} → receive task {@code nextType} (by =correlationKey) → end. */
    public static BpmnModelInstance startThenReceive(String processId, String startType, String nextType) {
        return Bpmn.createExecutableProcess(processId)
                .startEvent("Start_Message").message(message -> message.name(startType))
                .receiveTask(RECEIVE).message(message -> message.name(nextType)
                        .zeebeCorrelationKeyExpression("correlationKey"))
                .endEvent(END)
                .done();
    }

    /** Start → service task of the router's type with the headers (and the retries) → end. */
    public static BpmnModelInstance emitter(String processId, int retries, Map<String, String> headers) {
        return Bpmn.createExecutableProcess(processId)
                .startEvent("Start")
                .serviceTask(TASK, task -> task(task, retries, headers))
                .endEvent(END)
                .done();
    }

    /**
     * Start → emit-and-wait task → end; an error boundary event catching {@code errorCode} on the task leads to
     * {@link #ERROR_END}.
     */
    public static BpmnModelInstance waiter(String processId, String type, String errorCode) {
        return Bpmn.createExecutableProcess(processId)
                .startEvent("Start")
                .serviceTask(TASK, task -> task(task, 3, Map.of("type", type, "mode", "emit-and-wait")))
                .boundaryEvent("Error_Declined", boundary -> boundary.error(errorCode))
                .endEvent(ERROR_END)
                .moveToActivity(TASK)
                .endEvent(END)
                .done();
    }

    private static void task(ServiceTaskBuilder task, int retries, Map<String, String> headers) {
        task.zeebeJobType(JOB_TYPE).zeebeJobRetries(Integer.toString(retries));
        headers.forEach(task::zeebeTaskHeader);
    }

    public static String xml(BpmnModelInstance model) {
        return Bpmn.convertToString(model);
    }
}
