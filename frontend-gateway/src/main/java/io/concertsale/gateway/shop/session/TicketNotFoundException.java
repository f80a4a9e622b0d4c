package io.concertsale.gateway.shop.session;

/** The session has no ticket with that code (answered 404). */
public class TicketNotFoundException extends RuntimeException {

    public TicketNotFoundException(String sessionId) {
        super("Session " + sessionId + " has no such ticket");
    }
}
