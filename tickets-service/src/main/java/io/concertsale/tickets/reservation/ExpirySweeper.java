package io.concertsale.tickets.reservation;

import io.concertsale.tickets.config.TicketsProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Expires the holds that ran out, each in its own transaction. Safe to run anywhere at any time: two sweepers
 * (or a sweeper and a time-out, an abandon or a payment) racing for the same hold end it once.
 */
@Component
public class ExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final ReservationStore store;
    private final Reservations reservations;
    private final Clock clock;
    private final TicketsProperties properties;

    public ExpirySweeper(ReservationStore store, Reservations reservations, Clock clock,
            TicketsProperties properties) {
        this.store = store;
        this.reservations = reservations;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Expires the holds that are due now.
     *
     * @return how many this sweep expired
     */
    public int sweep() {
        Instant now = clock.instant();
        List<String> due = store.dueForExpiry(now, now.minus(properties.paymentGrace()),
                properties.expiry().batchSize());
        int expired = 0;
        for (String id : due) {
            try {
                if (reservations.expireIfDue(id)) {
                    expired++;
                }
            } catch (RuntimeException e) {
                log.warn("Could not expire reservation {} now; the next sweep tries again", id, e);
            }
        }
        return expired;
    }
}
