package io.concertsale.tickets.payment.store;

import io.concertsale.events.data.IssuedTicket;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.tickets.payment.TicketStore;
import io.concertsale.tickets.reservation.Reservation;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Issued tickets in the {@code ticket} table, whose primary key keeps every code unique. */
@Repository
class JdbcTicketStore implements TicketStore {

    private final JdbcClient jdbc;

    JdbcTicketStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(String code, Reservation reservation, Instant issuedAt) {
        return jdbc.sql("""
                        INSERT INTO ticket (code, reservation_id, sale_id, session_id, ticket_type, issued_at)
                        VALUES (:code, :reservation, :sale, :session, :type, :issuedAt)
                        ON CONFLICT DO NOTHING""")
                .param("code", code)
                .param("reservation", reservation.id())
                .param("sale", reservation.saleId())
                .param("session", reservation.sessionId())
                .param("type", reservation.ticketType())
                .param("issuedAt", SqlTime.of(issuedAt))
                .update() == 1;
    }

    @Override
    public List<IssuedTicket> findByReservation(String reservationId) {
        return jdbc.sql("SELECT code, ticket_type FROM ticket WHERE reservation_id = :id ORDER BY issued_at, code")
                .param("id", reservationId)
                .query((rs, row) -> new IssuedTicket(rs.getString("code"), rs.getString("ticket_type"))).list();
    }
}
