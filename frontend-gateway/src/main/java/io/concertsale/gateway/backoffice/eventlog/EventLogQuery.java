package io.concertsale.gateway.backoffice.eventlog;

import io.concertsale.gateway.web.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which events to show.
 *
 * @param limit at most this many (recent events only)
 * @param type only events of this CloudEvent type, or null for all
 * @param correlationKey only events of this customer's journey (the session id), or null for all
 */
public record EventLogQuery(int limit, String type, String correlationKey) {

    public static final int MAX_LIMIT = 1000;
    private static final int MAX_FILTER_LENGTH = 200;

    /** A query from request parameters: blank filters mean none; out-of-range values are an invalid request. */
    public static EventLogQuery of(int limit, String type, String correlationKey) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.put("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (type != null && type.length() > MAX_FILTER_LENGTH) {
            errors.put("type", "must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        if (correlationKey != null && correlationKey.length() > MAX_FILTER_LENGTH) {
            errors.put("correlationkey", "must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new EventLogQuery(limit, blankToNull(type), blankToNull(correlationKey));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
