package io.concertsale.eventkit.ingress;

import java.net.URI;

/**
 * The problem type URIs of the catalog ({@code urn:concertsale:problem:<slug>}), which every service and the broker
 * use in their problem+json answers.
 */
public final class EventProblems {

    private EventProblems() {
    }

    /** The problem type URI for a slug such as {@code unknown-type}. */
    public static URI type(String problem) {
        return URI.create("urn:concertsale:problem:" + problem);
    }
}
