package io.concertsale.events;

/** The names of the parts that produce and consume events; also their {@code spring.application.name}. */
public final class Participants {

    public static final String QUEUE = "queue-service";
    public static final String TICKETS = "tickets-service";
    public static final String PAYMENTS = "payments-service";
    public static final String GATEWAY = "frontend-gateway";
    public static final String ROUTER = "zeebe-cloud-events-router";

    private Participants() {
    }
}
