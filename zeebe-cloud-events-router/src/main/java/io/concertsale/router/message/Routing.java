package io.concertsale.router.message;

/** What the router did with an event. */
public sealed interface Routing {

    /** Published as a message. */
    record Published(String messageName, String correlationKey, String messageId, long messageKey) implements Routing {
    }

    /** A message with the same id is still buffered: nothing happened again. */
    record Duplicate(String messageName, String correlationKey, String messageId) implements Routing {
    }

    /** The router's own emission came back without a correlation key: acknowledged, nothing done. */
    record Ignored(String messageId, String reason) implements Routing {
    }

    /**
     * A reply handled: its job completed, or its BPMN error thrown, or (duplicate) the job was already done.
     *
     * @param errorCode the BPMN error thrown, null when the job was completed
     */
    record Replied(long jobKey, String type, String errorCode, boolean duplicate) implements Routing {
    }
}
