package io.concertsale.gateway.shop.session;

/** No session with that id (never created, or cleared by a sale reset); answered 404. */
public class SessionNotFoundException extends RuntimeException {

    public SessionNotFoundException(String sessionId) {
        super("No session " + sessionId);
    }
}
