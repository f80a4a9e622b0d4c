package io.concertsale.gateway.web;

import java.util.Map;

/** The request names something that does not exist or is out of range (answered 400 with the field errors). */
public class InvalidRequestException extends RuntimeException {

    private final transient Map<String, String> errors;

    public InvalidRequestException(Map<String, String> errors) {
        super("Invalid request: " + errors);
        this.errors = Map.copyOf(errors);
    }

    public Map<String, String> errors() {
        return errors;
    }
}
