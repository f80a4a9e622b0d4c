package io.concertsale.tickets.reservation.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.tickets.reservation.Ending;
import io.concertsale.tickets.reservation.Reservation;
import io.concertsale.tickets.reservation.ReservationStatus;
import io.concertsale.tickets.reservation.ReservationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reservations in the {@code reservation} table. Every change of status is one conditional update on the status
 * it leaves, so of two racing changes exactly one takes effect.
 */
@Repository
class JdbcReservationStore implements ReservationStore {

    private final JdbcClient jdbc;

    JdbcReservationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insertHeld(Reservation reservation) {
        return jdbc.sql("""
                        INSERT INTO reservation (id, sale_id, session_id, active_session, ticket_type, quantity,
                          unit_price, amount, currency, status, created_at, expires_at)
                        VALUES (:id, :sale, :session, :session, :type, :quantity, :unitPrice, :amount, :currency,
                          :status, :createdAt, :expiresAt)
                        ON CONFLICT DO NOTHING""")
                .param("id", reservation.id())
                .param("sale", reservation.saleId())
                .param("session", reservation.sessionId())
                .param("type", reservation.ticketType())
                .param("quantity", reservation.quantity())
                .param("unitPrice", reservation.unitPrice())
                .param("amount", reservation.amount())
                .param("currency", reservation.currency())
                .param("status", reservation.status().name())
                .param("createdAt", SqlTime.of(reservation.createdAt()))
                .param("expiresAt", SqlTime.of(reservation.expiresAt()))
                .update() == 1;
    }

    @Override
    public void delete(String id) {
        jdbc.sql("DELETE FROM reservation WHERE id = :id").param("id", id).update();
    }

    @Override
    public Optional<Reservation> find(String id) {
        return jdbc.sql("SELECT * FROM reservation WHERE id = :id").param("id", id)
                .query(JdbcReservationStore::reservation).optional();
    }

    /**
     * The lock reads one column: H2 caches no query that locks and plans it again every time, which costs far more
     * for {@code SELECT *}; the read after it is a cached statement.
     */
    @Override
    public Optional<Reservation> lock(String id) {
        boolean exists = jdbc.sql("SELECT id FROM reservation WHERE id = :id FOR UPDATE").param("id", id)
                .query(String.class).optional().isPresent();
        return exists ? find(id) : Optional.empty();
    }

    @Override
    public Optional<Reservation> findActive(String saleId, String sessionId) {
        return jdbc.sql("SELECT * FROM reservation WHERE sale_id = :sale AND active_session = :session")
                .param("sale", saleId).param("session", sessionId)
                .query(JdbcReservationStore::reservation).optional();
    }

    @Override
    public boolean transition(String id, Collection<ReservationStatus> from, ReservationStatus to) {
        return jdbc.sql("UPDATE reservation SET status = :to WHERE id = :id AND status IN (:from)")
                .param("to", to.name()).param("id", id).param("from", names(from))
                .update() == 1;
    }

    @Override
    public boolean end(String id, Collection<ReservationStatus> from, Ending ending, Instant now) {
        return jdbc.sql("""
                        UPDATE reservation SET status = :to, active_session = NULL, end_reason = :reason, ended_at = :now
                        WHERE id = :id AND status IN (:from)""")
                .param("to", ending.status().name()).param("reason", ending.name()).param("now", SqlTime.of(now))
                .param("id", id).param("from", names(from))
                .update() == 1;
    }

    @Override
    public boolean expireIfDue(String id, Instant now, Instant pendingExpiredBefore) {
        return jdbc.sql("""
                        UPDATE reservation SET status = :to, active_session = NULL, end_reason = :reason, ended_at = :now
                        WHERE id = :id AND ((status = 'HELD' AND expires_at <= :now)
                          OR (status = 'PAYMENT_PENDING' AND expires_at <= :pendingLimit))""")
                .param("to", Ending.HOLD_EXPIRED.status().name()).param("reason", Ending.HOLD_EXPIRED.name())
                .param("now", SqlTime.of(now)).param("pendingLimit", SqlTime.of(pendingExpiredBefore))
                .param("id", id)
                .update() == 1;
    }

    @Override
    public List<String> dueForExpiry(Instant now, Instant pendingExpiredBefore, int limit) {
        return jdbc.sql("""
                        SELECT id FROM reservation
                        WHERE (status = 'HELD' AND expires_at <= :now)
                           OR (status = 'PAYMENT_PENDING' AND expires_at <= :pendingLimit)
                        ORDER BY expires_at FETCH FIRST %d ROWS ONLY""".formatted(limit))
                .param("now", SqlTime.of(now)).param("pendingLimit", SqlTime.of(pendingExpiredBefore))
                .query(String.class).list();
    }

    private static List<String> names(Collection<ReservationStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }

    private static Reservation reservation(ResultSet rs, int row) throws SQLException {
        return new Reservation(rs.getString("id"), rs.getString("sale_id"), rs.getString("session_id"),
                rs.getString("ticket_type"), rs.getInt("quantity"), rs.getBigDecimal("unit_price"),
                rs.getBigDecimal("amount"), rs.getString("currency"), ReservationStatus.valueOf(rs.getString("status")),
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "expires_at"), rs.getString("end_reason"),
                SqlTime.instant(rs, "ended_at"));
    }
}
