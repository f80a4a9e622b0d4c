package io.concertsale.queue.waitingroom.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.data.QueueCustomerAbandoned;
import io.concertsale.events.data.QueueCustomerJoined;
import io.concertsale.events.data.SaleAdmissionUpdated;
import io.concertsale.events.data.SaleOpened;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.queue.waitingroom.FinishReason;
import io.concertsale.queue.waitingroom.WaitingRoom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The events the waiting room consumes, each translated into one call on {@link WaitingRoom}. */
@Configuration(proxyBeanMethods = false)
class QueueEventHandlers {

    @Bean
    EventSubscriptions queueSubscriptions(WaitingRoom room) {
        return EventSubscriptions.builder()
                .on(EventTypes.SALE_OPENED, SaleOpened.class, event -> {
                    SaleOpened sale = event.data();
                    room.open(sale.saleId(), sale.openedAt(), sale.holdSeconds(), sale.admission());
                })
                .on(EventTypes.SALE_ADMISSION_UPDATED, SaleAdmissionUpdated.class, event -> room.updateAdmission(
                        event.data().saleId(), event.data().admission(), event.data().updatedAt()))
                .on(EventTypes.QUEUE_CUSTOMER_JOINED, QueueCustomerJoined.class,
                        event -> room.join(event.data().sessionId(), event.data().joinedAt()))
                .on(EventTypes.QUEUE_CUSTOMER_ABANDONED, QueueCustomerAbandoned.class,
                        event -> room.leave(event.data().sessionId(), event.data().reason(), FinishReason.ABANDONED))
                .on(EventTypes.SESSION_CLEAN_UP, SessionCleanUp.class, event -> room.leave(event.data().sessionId(),
                        FinishReason.CLEANED_UP.name(), FinishReason.CLEANED_UP))
                .on(EventTypes.TICKETS_RESERVED, TicketsReserved.class,
                        event -> room.reserved(event.data().sessionId()))
                .on(EventTypes.TICKETS_RESERVATION_REJECTED, TicketsReservationRejected.class,
                        event -> room.rejected(event.data().sessionId(), event.data().retryable()))
                .on(EventTypes.TICKETS_ISSUED, TicketsIssued.class,
                        event -> room.finish(event.data().sessionId(), FinishReason.TICKETS_ISSUED))
                .on(EventTypes.TICKETS_RESERVATION_EXPIRED, TicketsReservationExpired.class,
                        event -> room.finish(event.data().sessionId(), FinishReason.RESERVATION_EXPIRED))
                .on(EventTypes.TICKETS_AVAILABILITY_CHANGED, TicketsAvailabilityChanged.class, event -> room
                        .recordAvailability(event.data().saleId(), event.data().ticketTypes(), event.data().at()))
                .build();
    }
}
