package io.concertsale.gateway.shop.session;

import io.concertsale.events.data.MoneyTransferInstructions;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The payment part of a {@link Session}: the attempts at paying its reservation and the method its order must be paid
 * with. The session's stage decides which payment fact applies at all; this part keeps the order's rules (a required
 * method refuses the others, a declined attempt never counts again) and records each attempt's outcome.
 */
final class SessionPayment {

    private PaymentStatus status = PaymentStatus.NONE;
    private PaymentMethod method;
    private String paymentId;
    private String declineReason;
    private int attempts;
    private final Set<String> declined = new LinkedHashSet<>();
    private PaymentMethod requiredMethod;
    private String cardBrand;
    private String cardLast4;
    private MoneyTransferInstructions moneyTransfer;

    /** @throws PaymentMethodRequiredException when the order must be paid with another method */
    void checkMethod(String sessionId, PaymentMethod chosen) {
        if (requiredMethod != null && requiredMethod != chosen) {
            throw new PaymentMethodRequiredException(sessionId, requiredMethod);
        }
    }

    /** The customer starts an attempt with this method (and card, for a card payment). */
    void start(PaymentMethod chosen, String brand, String last4) {
        status = PaymentStatus.PENDING;
        method = chosen;
        paymentId = null;
        declineReason = null;
        attempts++;
        cardBrand = brand;
        cardLast4 = last4;
        moneyTransfer = null;
    }

    /** Whether the payment was declined before: its later facts change nothing. */
    boolean wasDeclined(String id) {
        return declined.contains(id);
    }

    /** Whether this is the payment the session is waiting for already. */
    boolean isPending(String id) {
        return id.equals(paymentId);
    }

    /** Whether the session knows a payment other than this one. */
    boolean isOtherThan(String id) {
        return paymentId != null && !paymentId.equals(id);
    }

    /**
     * {@code Tickets.PaymentPending}: the provider took the payment.
     *
     * @param newAttempt whether it starts an attempt the customer did not start here (the session was not waiting)
     */
    void pending(TicketsPaymentPending fact, boolean newAttempt) {
        if (newAttempt) {
            attempts++;
        }
        status = PaymentStatus.PENDING;
        paymentId = fact.paymentId();
        method = fact.method();
        declineReason = null;
        moneyTransfer = fact.moneyTransfer();
    }

    /** {@code Tickets.PaymentAuthorized}: paid. */
    void authorized(TicketsPaymentAuthorized fact) {
        status = PaymentStatus.AUTHORIZED;
        paymentId = fact.paymentId();
        method = fact.method() != null ? fact.method() : method;
        declineReason = null;
    }

    /** {@code Tickets.PaymentDeclined}: this attempt failed and never counts again. */
    void declined(TicketsPaymentDeclined fact) {
        status = PaymentStatus.DECLINED;
        paymentId = fact.paymentId();
        declineReason = fact.reason();
        declined.add(fact.paymentId());
    }

    /** The tickets were issued: whatever was last seen of the payment, it was authorized. */
    void settled() {
        status = PaymentStatus.AUTHORIZED;
        declineReason = null;
    }

    /**
     * The order must be paid with this method ({@code Payments.MoneyTransferRequested}).
     *
     * @return false when it was required already
     */
    boolean require(PaymentMethod required) {
        if (required == requiredMethod) {
            return false;
        }
        requiredMethod = required;
        return true;
    }

    /** Restores the part from the store. */
    void restore(PaymentStatus status, PaymentMethod method, String paymentId, String declineReason, int attempts,
            Set<String> declined, PaymentMethod requiredMethod, String cardBrand, String cardLast4,
            MoneyTransferInstructions moneyTransfer) {
        this.status = status;
        this.method = method;
        this.paymentId = paymentId;
        this.declineReason = declineReason;
        this.attempts = attempts;
        this.declined.clear();
        this.declined.addAll(declined);
        this.requiredMethod = requiredMethod;
        this.cardBrand = cardBrand;
        this.cardLast4 = cardLast4;
        this.moneyTransfer = moneyTransfer;
    }

    PaymentStatus status() {
        return status;
    }

    PaymentMethod method() {
        return method;
    }

    String paymentId() {
        return paymentId;
    }

    String declineReason() {
        return declineReason;
    }

    int attempts() {
        return attempts;
    }

    Set<String> declinedPayments() {
        return Set.copyOf(declined);
    }

    PaymentMethod requiredMethod() {
        return requiredMethod;
    }

    String cardBrand() {
        return cardBrand;
    }

    String cardLast4() {
        return cardLast4;
    }

    MoneyTransferInstructions moneyTransfer() {
        return moneyTransfer;
    }
}
