package io.concertsale.router.deployment;

/** A BPMN resource that cannot be deployed: not BPMN, not valid, or refused by the engine. Nothing was deployed. */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
