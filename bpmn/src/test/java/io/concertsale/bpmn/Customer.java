package io.concertsale.bpmn;

import io.concertsale.bpmn.TicketsEngine.Emitted;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One customer's journey told as the events the services publish for its sale session, with the data the event
 * catalog gives them. The session id is the correlation key of every event.
 */
final class Customer {

    static final BigDecimal UNIT_PRICE = new BigDecimal("59.00");
    static final String CURRENCY = "EUR";

    private final TicketsEngine engine;
    private final String sessionId;
    private final String reservationId = "reservation-" + UUID.randomUUID();
    private int quantity;

    Customer(TicketsEngine engine, String sessionId) {
        this.engine = engine;
        this.sessionId = sessionId;
    }

    String sessionId() {
        return sessionId;
    }

    String reservationId() {
        return reservationId;
    }

    /** {@code Queue.CustomerJoined}: starts the journey. */
    Customer joins() {
        return joins(Map.of());
    }

    /**
     * {@code Queue.CustomerJoined} with extra variables, as the router adds its static message variables (timer
     * settings such as {@code paymentReminderInterval}) to every message it publishes.
     */
    Customer joins(Map<String, Object> routerVariables) {
        Map<String, Object> data = new LinkedHashMap<>(routerVariables);
        data.put("sessionId", sessionId);
        data.put("joinedAt", "2026-11-20T18:00:00Z");
        engine.publish("Queue.CustomerJoined", sessionId, data);
        return this;
    }

    /** {@code Queue.CustomerExited}: admitted from the waiting room. */
    Customer isAdmitted() {
        engine.publish("Queue.CustomerExited", sessionId, Map.of("sessionId", sessionId, "number", 1,
                "admissionToken", "token-" + sessionId, "tokenExpiresAt", "2026-11-20T18:10:00Z",
                "admittedAt", "2026-11-20T18:01:00Z"));
        return this;
    }

    /** {@code Tickets.Reserved}: the tickets service holds that many tickets. */
    Customer reserves(int tickets) {
        this.quantity = tickets;
        engine.publish("Tickets.Reserved", sessionId, Map.of("sessionId", sessionId, "reservationId", reservationId,
                "ticketType", "STANDING", "quantity", tickets, "unitPrice", UNIT_PRICE, "amount", amount(),
                "currency", CURRENCY, "expiresAt", "2026-11-20T18:06:00Z"));
        return this;
    }

    /** {@code Tickets.PaymentRequested}: checked out with a card token. */
    Customer paysByCard() {
        engine.publish("Tickets.PaymentRequested", sessionId, Map.of("sessionId", sessionId,
                "reservationId", reservationId, "method", "CARD", "cardToken", "tok_" + sessionId));
        return this;
    }

    /** {@code Tickets.PaymentAuthorized}: the sale is paid. */
    Customer paymentIsAuthorized() {
        engine.publish("Tickets.PaymentAuthorized", sessionId, Map.of("sessionId", sessionId,
                "reservationId", reservationId, "paymentId", "payment-" + sessionId, "method", "CARD",
                "amount", amount(), "currency", CURRENCY));
        return this;
    }

    /** {@code Tickets.ReservationExpired}: the tickets service's own safety expiry released the hold. */
    Customer reservationExpires() {
        engine.publish("Tickets.ReservationExpired", sessionId, Map.of("sessionId", sessionId,
                "reservationId", reservationId, "ticketType", "STANDING", "quantity", quantity, "reason", "EXPIRED"));
        return this;
    }

    /** {@code Queue.CustomerAbandoned}: the customer left. */
    Customer abandons() {
        engine.publish("Queue.CustomerAbandoned", sessionId, Map.of("sessionId", sessionId, "reason", "LEFT",
                "abandonedAt", "2026-11-20T18:03:00Z"));
        return this;
    }

    /** {@code Payments.MoneyTransferAccepted}: the transfer arrived; its data has no session id. */
    Customer moneyTransferIsAccepted() {
        engine.publish("Payments.MoneyTransferAccepted", sessionId, Map.of("transferId", "transfer-" + sessionId,
                "reference", reservationId, "amount", amount(), "currency", CURRENCY));
        return this;
    }

    BigDecimal amount() {
        return UNIT_PRICE.multiply(BigDecimal.valueOf(quantity));
    }

    /** The process instance this customer's {@code Queue.CustomerJoined} started. */
    long instance() {
        return engine.awaitInstanceOf(sessionId);
    }

    /** The events emitted for this customer (by the correlation key they carry), oldest first. */
    List<Emitted> emitted() {
        return engine.emitted().stream().filter(event -> sessionId.equals(event.correlationKey())).toList();
    }

    /** The events of one type emitted for this customer, oldest first. */
    List<Emitted> emitted(String type) {
        return emitted().stream().filter(event -> event.type().equals(type)).toList();
    }

    /** Waits until at least that many events of the type were emitted for this customer; returns them. */
    List<Emitted> awaitEmitted(String type, int count) {
        engine.await(() -> emitted(type).size() >= count,
                count + " x " + type + " emitted for " + sessionId + " (so far " + emitted() + ")");
        return emitted(type);
    }
}
