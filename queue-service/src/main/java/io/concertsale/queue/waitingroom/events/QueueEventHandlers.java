package io.concertsale.queue.waitingroom.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.InvalidEventException;
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

/**
 * The events the waiting room consumes, each translated into one call on {@link WaitingRoom}. A join without the
 * gateway's sale and number cannot be placed in the join order: it is refused as invalid data (400), changing nothing.
 */
@Configuration(proxyBeanMethods = false)
class QueueEventHandlers {

    @Bean
    EventSubscriptions queueSubscriptions(WaitingRoom room) {
        return EventSubscriptions.builder()
                .onDated(EventTypes.SALE_OPENED, SaleOpened.class, SaleOpened::openedAt, event -> {
                    SaleOpened sale = event.data();
                    room.open(sale.saleId(), sale.openedAt(), sale.holdSeconds(), sale.admission());
                })
                .onDated(EventTypes.SALE_ADMISSION_UPDATED, SaleAdmissionUpdated.class,
                        SaleAdmissionUpdated::updatedAt, event -> room.updateAdmission(
                        event.data().saleId(), event.data().admission(), event.data().updatedAt()))
                .on(EventTypes.QUEUE_CUSTOMER_JOINED, QueueCustomerJoined.class, event -> {
                    QueueCustomerJoined join = event.data();
                    if (join.saleId() == null || join.number() == null) {
                        throw new InvalidEventException("invalid-data", "Queue.CustomerJoined needs saleId and "
                                + "number: the waiting room admits in the order of the gateway's join numbers");
                    }
                    room.join(join.sessionId(), join.saleId(), join.number(), join.joinedAt());
                })
                .on(EventTypes.QUEUE_CUSTOMER_ABANDONED, QueueCustomerAbandoned.class, event -> {
                    QueueCustomerAbandoned leave = event.data();
                    room.leave(leave.sessionId(), leave.reason(), FinishReason.ABANDONED, leave.saleId(),
                            leave.number());
                })
                .on(EventTypes.SESSION_CLEAN_UP, SessionCleanUp.class, event -> room.leave(event.data().sessionId(),
                        FinishReason.CLEANED_UP.name(), FinishReason.CLEANED_UP, null, null))
                .on(EventTypes.TICKETS_RESERVED, TicketsReserved.class,
                        event -> room.reserved(event.data().sessionId()))
                .on(EventTypes.TICKETS_RESERVATION_REJECTED, TicketsReservationRejected.class,
                        event -> room.rejected(event.data().sessionId(), event.data().retryable()))
                .on(EventTypes.TICKETS_ISSUED, TicketsIssued.class,
                        event -> room.finish(event.data().sessionId(), FinishReason.TICKETS_ISSUED))
                .on(EventTypes.TICKETS_RESERVATION_EXPIRED, TicketsReservationExpired.class,
                        event -> room.finish(event.data().sessionId(), FinishReason.RESERVATION_EXPIRED))
                .onDated(EventTypes.TICKETS_AVAILABILITY_CHANGED, TicketsAvailabilityChanged.class,
                        TicketsAvailabilityChanged::at, event -> room
                        .recordAvailability(event.data().saleId(), event.data().ticketTypes(), event.data().at()))
                .build();
    }
}
