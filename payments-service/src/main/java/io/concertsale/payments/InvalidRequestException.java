package io.concertsale.payments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the provider can never accept as sent: it changes nothing and is answered with 400.
 *
 * @see #errors() what is wrong with each field, by field name
 */
public class InvalidRequestException extends RuntimeException {

    private final String problem;
    private final Map<String, String> errors;

    /**
     * @param problem a short, stable slug naming the problem, such as {@code invalid-card}
     * @param errors the message for each field that is wrong, in the order the fields were checked
     */
    public InvalidRequestException(String problem, String message, Map<String, String> errors) {
        super(message);
        this.problem = problem;
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public String problem() {
        return problem;
    }

    public Map<String, String> errors() {
        return errors;
    }
}
