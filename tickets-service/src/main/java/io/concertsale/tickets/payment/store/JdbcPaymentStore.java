package io.concertsale.tickets.payment.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.tickets.payment.Payment;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.tickets.payment.PaymentStatus;
import io.concertsale.tickets.payment.PaymentStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Payments in the {@code payment} table; status changes are conditional on the status they leave. */
@Repository
class JdbcPaymentStore implements PaymentStore {

    private final JdbcClient jdbc;

    JdbcPaymentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(Payment payment) {
        return jdbc.sql("""
                        INSERT INTO payment (id, reservation_id, session_id, method, amount, currency, status, transfer_id,
                          request_event_id, status_reason, created_at, acknowledged_at, updated_at)
                        VALUES (:id, :reservation, :session, :method, :amount, :currency, :status, :transfer, :request,
                          :reason, :createdAt, :acknowledgedAt, :createdAt)
                        ON CONFLICT DO NOTHING""")
                .param("id", payment.id())
                .param("reservation", payment.reservationId())
                .param("session", payment.sessionId())
                .param("method", payment.method().name())
                .param("amount", payment.amount())
                .param("currency", payment.currency())
                .param("status", payment.status().name())
                .param("transfer", payment.transferId())
                .param("request", payment.requestEventId())
                .param("reason", payment.statusReason())
                .param("createdAt", SqlTime.of(payment.createdAt()))
                .param("acknowledgedAt", SqlTime.of(payment.acknowledgedAt()))
                .update() == 1;
    }

    @Override
    public Optional<Payment> find(String id) {
        return jdbc.sql("SELECT * FROM payment WHERE id = :id").param("id", id).query(JdbcPaymentStore::payment).optional();
    }

    @Override
    public Optional<Payment> findTransfer(String transferId) {
        return jdbc.sql("SELECT * FROM payment WHERE transfer_id = :id OR id = :id ORDER BY created_at DESC")
                .param("id", transferId).query(JdbcPaymentStore::payment).stream().findFirst();
    }

    @Override
    public List<Payment> findByReservation(String reservationId) {
        return jdbc.sql("SELECT * FROM payment WHERE reservation_id = :id ORDER BY created_at")
                .param("id", reservationId).query(JdbcPaymentStore::payment).list();
    }

    @Override
    public boolean hasPending(String reservationId) {
        return jdbc.sql("SELECT COUNT(*) FROM payment WHERE reservation_id = :id AND status = 'PENDING'")
                .param("id", reservationId).query(Long.class).single() > 0;
    }

    @Override
    public boolean transition(String id, Collection<PaymentStatus> from, PaymentStatus to, String reason,
            Instant now) {
        String setReason = reason == null ? "" : ", status_reason = :reason";
        JdbcClient.StatementSpec update = jdbc.sql("""
                        UPDATE payment SET status = :to%s, updated_at = :now
                        WHERE id = :id AND status IN (:from)""".formatted(setReason))
                .param("to", to.name()).param("now", SqlTime.of(now)).param("id", id)
                .param("from", from.stream().map(Enum::name).toList());
        if (reason != null) {
            update = update.param("reason", truncate(reason));
        }
        return update.update() == 1;
    }

    @Override
    public void acknowledge(String id, Instant at) {
        jdbc.sql("UPDATE payment SET acknowledged_at = :at WHERE id = :id AND acknowledged_at IS NULL")
                .param("at", SqlTime.of(at)).param("id", id).update();
    }

    @Override
    public void markPolled(String id, Instant at) {
        jdbc.sql("UPDATE payment SET polled_at = :at WHERE id = :id").param("at", SqlTime.of(at)).param("id", id)
                .update();
    }

    @Override
    public List<Payment> dueForPoll(Instant before, int limit) {
        return jdbc.sql("""
                        SELECT * FROM payment
                        WHERE status = 'PENDING' AND created_at <= :before AND (polled_at IS NULL OR polled_at <= :before)
                        ORDER BY created_at FETCH FIRST %d ROWS ONLY""".formatted(limit))
                .param("before", SqlTime.of(before)).query(JdbcPaymentStore::payment).list();
    }

    private static String truncate(String reason) {
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }

    private static Payment payment(ResultSet rs, int row) throws SQLException {
        return new Payment(rs.getString("id"), rs.getString("reservation_id"), rs.getString("session_id"),
                PaymentMethod.valueOf(rs.getString("method")), rs.getBigDecimal("amount"), rs.getString("currency"),
                PaymentStatus.valueOf(rs.getString("status")), rs.getString("transfer_id"),
                rs.getString("request_event_id"), rs.getString("status_reason"), SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "acknowledged_at"), SqlTime.instant(rs, "polled_at"));
    }
}
