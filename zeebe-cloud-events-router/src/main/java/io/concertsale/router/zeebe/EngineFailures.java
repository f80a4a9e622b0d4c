package io.concertsale.router.zeebe;

import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Classifies the client's exceptions (gRPC status, REST status, or none at all) into {@link EngineException}s. */
public final class EngineFailures {

    private EngineFailures() {
    }

    /**
     * The failure as an {@link EngineException}.
     *
     * @param what what the router was doing, for the message, e.g. {@code "publishing message Order.Placed"}
     */
    public static EngineException translate(Throwable failure, String what) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EngineException engine) {
            return engine;
        }
        EngineException.Kind kind = kind(cause);
        return new EngineException(kind, describe(kind, what, cause), cause);
    }

    /** The kind of the failure. */
    public static EngineException.Kind kind(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EngineException engine) {
            return engine.kind();
        }
        if (cause instanceof ClientStatusException status) {
            return switch (status.getStatusCode()) {
                case ALREADY_EXISTS -> EngineException.Kind.ALREADY_EXISTS;
                case NOT_FOUND -> EngineException.Kind.NOT_FOUND;
                case INVALID_ARGUMENT, OUT_OF_RANGE -> EngineException.Kind.REJECTED;
                case FAILED_PRECONDITION -> EngineException.Kind.CONFLICT;
                default -> EngineException.Kind.UNAVAILABLE;
            };
        }
        if (cause instanceof ClientHttpException http) {
            int code = http.code();
            if (code == 404) {
                return EngineException.Kind.NOT_FOUND;
            }
            if (code == 409) {
                String text = String.valueOf(http.getMessage()) + " " + http.reason();
                return text.contains("ALREADY_EXISTS") ? EngineException.Kind.ALREADY_EXISTS : EngineException.Kind.CONFLICT;
            }
            if (code == 400) {
                return EngineException.Kind.REJECTED;
            }
            return EngineException.Kind.UNAVAILABLE;
        }
        // no answer at all: a timeout, a refused connection
        return EngineException.Kind.UNAVAILABLE;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String describe(EngineException.Kind kind, String what, Throwable cause) {
        String detail = cause instanceof ClientStatusException status
                ? status.getStatusCode() + (status.getStatus().getDescription() == null ? ""
                        : ": " + status.getStatus().getDescription())
                : String.valueOf(cause.getMessage());
        return switch (kind) {
            case UNAVAILABLE -> "The Zeebe engine is not available for " + what + " (" + detail + ")";
            case REJECTED -> "The Zeebe engine rejected " + what + ": " + detail;
            case CONFLICT -> "The Zeebe engine refused " + what + " in the current state: " + detail;
            case NOT_FOUND -> "The Zeebe engine does not know what " + what + " names: " + detail;
            case ALREADY_EXISTS -> "The Zeebe engine already has what " + what + " creates: " + detail;
        };
    }
}
