package io.concertsale.gateway.shop.session;

/** The session is in a stage where the request does not apply (answered 409). */
public class StageConflictException extends RuntimeException {

    private final Stage stage;

    public StageConflictException(String sessionId, Stage stage, String action) {
        super("Session " + sessionId + " is " + stage + ": cannot " + action + " now");
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }
}
