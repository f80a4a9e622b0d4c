package io.concertsale.gateway.shop.session;

import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.MoneyTransferInstructions;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.gateway.sale.QueueProgress;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What the browser sees of a session (GET and every WebSocket push). Parts that do not apply yet are null and left
 * out of the JSON. The admission token is never part of it. {@code follow} says how to follow it from here on.
 */
public record SessionView(
        String sessionId,
        Stage stage,
        Instant createdAt,
        Instant updatedAt,
        QueueView queue,
        ReservationView reservation,
        PaymentView payment,
        List<IssuedTicket> tickets,
        List<Notification> notifications,
        ExitView exit,
        Follow follow) {

    /** The waiting room part; position and ETA only while waiting. */
    public record QueueView(Long number, Long position, Long etaSeconds, Instant joinedAt, Instant admittedAt,
            Instant admissionExpiresAt) {
    }

    public record ReservationView(String id, String ticketType, Integer quantity, BigDecimal unitPrice,
            BigDecimal amount, String currency, Instant expiresAt) {
    }

    /**
     * @param requiredMethod set when the order must be paid that way ({@code MONEY_TRANSFER} for bulk orders)
     * @param card brand and last four digits of the card tokenized for the latest attempt
     * @param moneyTransfer where and how to transfer the money, once the provider took a transfer payment
     */
    public record PaymentView(PaymentStatus status, PaymentMethod method, String declineReason, int attempts,
            PaymentMethod requiredMethod, CardView card, MoneyTransferInstructions moneyTransfer) {
    }

    public record CardView(String brand, String last4) {
    }

    /** Why the session ended, or (with {@code retryable} true) why the last request did not work out. */
    public record ExitView(String reason, String message, Boolean retryable) {
    }

    public static SessionView of(Session session, QueueProgress progress, FollowPolicy policy) {
        QueuePosition placed = placed(session, progress);
        return new SessionView(session.id(), session.stage(), session.createdAt(), session.updatedAt(),
                queue(session, placed), reservation(session), payment(session),
                session.tickets().isEmpty() ? null : session.tickets(),
                session.notifications().isEmpty() ? null : session.notifications(),
                session.exitReason() == null ? null
                        : new ExitView(session.exitReason(), session.exitMessage(), session.exitRetryable()),
                policy.follow(session.stage(), placed != null ? placed : estimated(session, progress),
                        progress.at() != null));
    }

    /** A waiting session's position and ETA, once the waiting room placed it. */
    private static QueuePosition placed(Session session, QueueProgress progress) {
        if (session.stage() != Stage.QUEUED || session.positionAtJoin() == null) {
            return null;
        }
        return QueuePosition.of(session.positionAtJoin(),
                session.admittedBefore() == null ? 0 : session.admittedBefore(), session.etaAtJoin(), progress);
    }

    /**
     * Where a waiting session not placed yet stands, for the follow hint only: its join number less everyone the
     * waiting room admitted, a place at least as far back as the real one (the queue admits by join number).
     */
    private static QueuePosition estimated(Session session, QueueProgress progress) {
        if (session.stage() != Stage.QUEUED || session.queueNumber() == null) {
            return null;
        }
        return QueuePosition.of(session.queueNumber(), 0, null, progress);
    }

    private static QueueView queue(Session session, QueuePosition placed) {
        if (session.joinedAt() == null && session.queueNumber() == null) {
            return null;
        }
        return new QueueView(session.queueNumber(), placed == null ? null : placed.position(),
                placed == null ? null : placed.etaSeconds(), session.joinedAt(), session.admittedAt(),
                session.admissionExpiresAt());
    }

    private static ReservationView reservation(Session session) {
        if (session.reservationId() == null) {
            return null;
        }
        return new ReservationView(session.reservationId(), session.ticketType(), session.quantity(),
                session.unitPrice(), session.amount(), session.currency(), session.reservationExpiresAt());
    }

    private static PaymentView payment(Session session) {
        if (session.reservationId() == null && session.paymentStatus() == PaymentStatus.NONE
                && session.requiredPaymentMethod() == null) {
            return null;
        }
        CardView card = session.cardLast4() == null ? null : new CardView(session.cardBrand(), session.cardLast4());
        return new PaymentView(session.paymentStatus(), session.paymentMethod(), session.declineReason(),
                session.paymentAttempts(), session.requiredPaymentMethod(), card, session.moneyTransfer());
    }
}
