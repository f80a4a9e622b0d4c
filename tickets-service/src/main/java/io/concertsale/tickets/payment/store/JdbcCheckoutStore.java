package io.concertsale.tickets.payment.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.tickets.payment.Checkout;
import io.concertsale.tickets.payment.CheckoutStatus;
import io.concertsale.tickets.payment.CheckoutStore;
import io.concertsale.events.data.PaymentMethod;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Checkouts in the {@code checkout} table. A checkout leaves {@code CREATING} once, by a conditional update; an
 * attempt to ask the provider is claimed by a conditional update on the attempt count, so of two workers racing
 * for the same attempt exactly one asks.
 */
@Repository
class JdbcCheckoutStore implements CheckoutStore {

    private final JdbcClient jdbc;

    JdbcCheckoutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(Checkout checkout) {
        return jdbc.sql("""
                        INSERT INTO checkout (id, reservation_id, session_id, method, card_token, amount, currency,
                          description, status, attempts, next_attempt_at, created_at, updated_at)
                        VALUES (:id, :reservation, :session, :method, :cardToken, :amount, :currency, :description,
                          :status, :attempts, :nextAttemptAt, :createdAt, :createdAt)
                        ON CONFLICT DO NOTHING""")
                .param("id", checkout.id())
                .param("reservation", checkout.reservationId())
                .param("session", checkout.sessionId())
                .param("method", checkout.method().name())
                .param("cardToken", checkout.cardToken())
                .param("amount", checkout.amount())
                .param("currency", checkout.currency())
                .param("description", checkout.description())
                .param("status", checkout.status().name())
                .param("attempts", checkout.attempts())
                .param("nextAttemptAt", SqlTime.of(checkout.nextAttemptAt()))
                .param("createdAt", SqlTime.of(checkout.createdAt()))
                .update() == 1;
    }

    @Override
    public Optional<Checkout> find(String id) {
        return jdbc.sql("SELECT * FROM checkout WHERE id = :id").param("id", id).query(JdbcCheckoutStore::checkout)
                .optional();
    }

    @Override
    public Optional<Checkout> creating(String reservationId) {
        return jdbc.sql("SELECT * FROM checkout WHERE reservation_id = :id AND status = 'CREATING'")
                .param("id", reservationId).query(JdbcCheckoutStore::checkout).stream().findFirst();
    }

    @Override
    public List<Checkout> findByReservation(String reservationId) {
        return jdbc.sql("SELECT * FROM checkout WHERE reservation_id = :id ORDER BY created_at")
                .param("id", reservationId).query(JdbcCheckoutStore::checkout).list();
    }

    @Override
    public List<String> due(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM checkout WHERE status = 'CREATING' AND next_attempt_at <= :now
                        ORDER BY next_attempt_at FETCH FIRST %d ROWS ONLY""".formatted(limit))
                .param("now", SqlTime.of(now)).query(String.class).list();
    }

    @Override
    public boolean claim(String id, int attempts, Instant now, Instant until) {
        return jdbc.sql("""
                        UPDATE checkout SET attempts = attempts + 1, next_attempt_at = :until, updated_at = :now
                        WHERE id = :id AND status = 'CREATING' AND attempts = :attempts AND next_attempt_at <= :now""")
                .param("until", SqlTime.of(until)).param("now", SqlTime.of(now)).param("id", id)
                .param("attempts", attempts).update() == 1;
    }

    @Override
    public void retryAt(String id, Instant next, String error, Instant now) {
        jdbc.sql("""
                        UPDATE checkout SET next_attempt_at = :next, last_error = :error, updated_at = :now
                        WHERE id = :id AND status = 'CREATING'""")
                .param("next", SqlTime.of(next)).param("error", truncate(error)).param("now", SqlTime.of(now))
                .param("id", id).update();
    }

    @Override
    public boolean finish(String id, CheckoutStatus to, String paymentId, Instant now) {
        return jdbc.sql("""
                        UPDATE checkout SET status = :to, payment_id = :payment, card_token = NULL, updated_at = :now
                        WHERE id = :id AND status = 'CREATING'""")
                .param("to", to.name()).param("payment", paymentId).param("now", SqlTime.of(now)).param("id", id)
                .update() == 1;
    }

    @Override
    public boolean abandonUnasked(String id, Instant now) {
        return jdbc.sql("""
                        UPDATE checkout SET status = 'ABANDONED', card_token = NULL, updated_at = :now
                        WHERE id = :id AND status = 'CREATING' AND attempts = 0""")
                .param("now", SqlTime.of(now)).param("id", id).update() == 1;
    }

    @Override
    public void acknowledged(String id, Instant at) {
        jdbc.sql("UPDATE checkout SET acknowledged_at = :at WHERE id = :id AND acknowledged_at IS NULL")
                .param("at", SqlTime.of(at)).param("id", id).update();
    }

    @Override
    public void outcomeReported(String id, Instant at) {
        jdbc.sql("UPDATE checkout SET outcome_reported_at = :at WHERE id = :id AND outcome_reported_at IS NULL")
                .param("at", SqlTime.of(at)).param("id", id).update();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static Checkout checkout(ResultSet rs, int row) throws SQLException {
        return new Checkout(rs.getString("id"), rs.getString("reservation_id"), rs.getString("session_id"),
                PaymentMethod.valueOf(rs.getString("method")), rs.getString("card_token"), rs.getBigDecimal("amount"),
                rs.getString("currency"), rs.getString("description"),
                CheckoutStatus.valueOf(rs.getString("status")), rs.getString("payment_id"), rs.getInt("attempts"),
                SqlTime.instant(rs, "next_attempt_at"), rs.getString("last_error"),
                SqlTime.instant(rs, "acknowledged_at"), SqlTime.instant(rs, "outcome_reported_at"),
                SqlTime.instant(rs, "created_at"));
    }
}
