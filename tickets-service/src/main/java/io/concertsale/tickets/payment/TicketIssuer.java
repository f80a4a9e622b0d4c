package io.concertsale.tickets.payment;

import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.tickets.TicketsFacts;
import io.concertsale.tickets.reservation.Reservation;
import io.concertsale.tickets.reservation.Reservations;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Issues the tickets of a paid reservation: one unique code per ticket, exactly once per reservation. */
@Component
public class TicketIssuer {

    private static final Logger log = LoggerFactory.getLogger(TicketIssuer.class);

    /** Draws for one code before giving up: with 60 random bits a second draw is already a curiosity. */
    private static final int DRAWS = 10;

    private final Reservations reservations;
    private final TicketStore tickets;
    private final TicketCodes codes;
    private final TicketsFacts facts;
    private final Clock clock;

    public TicketIssuer(Reservations reservations, TicketStore tickets, TicketCodes codes, TicketsFacts facts,
            Clock clock) {
        this.reservations = reservations;
        this.tickets = tickets;
        this.codes = codes;
        this.facts = facts;
        this.clock = clock;
    }

    /** Issues the paid reservation's tickets, in the caller's transaction; nothing when they were issued before. */
    public void issue(Reservation reservation) {
        if (!reservations.issued(reservation.id())) {
            log.debug("The tickets of reservation {} were issued before", reservation.id());
            return;
        }
        Instant now = clock.instant();
        List<IssuedTicket> issued = new ArrayList<>(reservation.quantity());
        for (int i = 0; i < reservation.quantity(); i++) {
            issued.add(new IssuedTicket(uniqueCode(reservation, now), reservation.ticketType()));
        }
        log.info("Issued {} x {} to session {} (reservation {})", issued.size(), reservation.ticketType(),
                reservation.sessionId(), reservation.id());
        facts.publish(new TicketsIssued(reservation.sessionId(), reservation.id(), issued));
    }

    private String uniqueCode(Reservation reservation, Instant now) {
        for (int draw = 1; draw <= DRAWS; draw++) {
            String code = codes.next();
            if (tickets.insert(code, reservation, now)) {
                return code;
            }
            log.warn("Ticket code collision on draw {}; drawing again", draw);
        }
        throw new IllegalStateException("No unique ticket code after " + DRAWS + " draws");
    }
}
