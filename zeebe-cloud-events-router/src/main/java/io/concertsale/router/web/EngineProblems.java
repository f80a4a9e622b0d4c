package io.concertsale.router.web;

import io.concertsale.eventkit.http.CloudEventServlet.ProblemException;
import io.concertsale.router.zeebe.EngineException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's problem types ({@code urn:zeebe-cloud-events-router:problem:<slug>}: it names nothing of any
 * application it serves) and what each engine failure answers, the same at the event endpoint and the controllers:
 * 400 for a command the engine rejected, 409 for one its state refuses, 503 with {@code Retry-After} while it is not
 * available, so the sender retries.
 */
public final class EngineProblems {

    /** What every router problem type starts with; the slug follows. */
    public static final String TYPE_PREFIX = "urn:zeebe-cloud-events-router:problem:";
    /** Seconds a sender should wait before retrying while the engine is not available. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(EngineProblems.class);

    private EngineProblems() {
    }

    /** The router's problem type URI for a slug. */
    public static URI type(String slug) {
        return URI.create(TYPE_PREFIX + slug);
    }

    /** The answer to an engine failure: its status, slug, title and {@code Retry-After}. */
    public static ProblemException of(EngineException e) {
        return switch (e.kind()) {
            case REJECTED -> new ProblemException(400, "rejected-by-engine", "Rejected by the engine", e.getMessage(),
                    0, e);
            case CONFLICT, NOT_FOUND, ALREADY_EXISTS -> new ProblemException(409, "engine-conflict",
                    "Conflict with the engine's state", e.getMessage(), 0, e);
            case UNAVAILABLE -> {
                log.warn("{}", e.getMessage());
                yield new ProblemException(503, "engine-unavailable", "Engine unavailable", e.getMessage(),
                        RETRY_AFTER_SECONDS, e);
            }
        };
    }
}
