package io.concertsale.gateway.backoffice.process;

/** No router is configured, or it cannot be reached or has no engine; answered 503. */
public class ProcessModelsUnavailableException extends RuntimeException {

    public ProcessModelsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
