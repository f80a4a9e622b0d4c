package io.concertsale.gateway.shop.session.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.data.CustomerFollowUpBooked;
import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.NotificationsRequested;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.PaymentsMoneyTransferRequested;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsEmitted;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReservationTimedOut;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.eventkit.ingress.IncomingEvent;
import io.concertsale.gateway.sale.SaleService;
import io.concertsale.gateway.shop.session.FanMessages;
import io.concertsale.gateway.shop.session.SessionService;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The events the gateway consumes, each translated into a call on the session or sale domain. Journey events are
 * applied to the session named by their {@code correlationkey}; the catalog's ingress has already checked the
 * event and runs the handler once per (source, id), in one transaction with its effect. What a fan reads about a
 * fact is the shop's wording ({@link FanMessages}), not this wiring's.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayEventSubscriptions {

    @Bean
    EventSubscriptions gatewaySubscriptions(SessionService sessions, SaleService sales) {
        return subscriptions(sessions, sales);
    }

    /** The subscriptions, built without Spring (the catalog test checks them against the event catalog). */
    public static EventSubscriptions subscriptions(SessionService sessions, SaleService sales) {
        return EventSubscriptions.builder()
                .on(EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class,
                        event -> sessions.apply(session(event), event.type(), s -> s.queued(event.data())))
                .onDated(EventTypes.QUEUE_PROGRESSED, QueueProgressed.class, QueueProgressed::at,
                        event -> sales.progressed(event.data()))
                .on(EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class,
                        event -> sessions.apply(session(event), event.type(), s -> s.admitted(event.data())))
                .onDated(EventTypes.QUEUE_CLOSED, QueueClosed.class, QueueClosed::closedAt, event -> {
                    if (sales.closed(event.data())) {
                        sessions.rejectQueued(event.data().reason() != null ? event.data().reason() : "SOLD_OUT",
                                FanMessages.SOLD_OUT);
                    }
                })
                .on(EventTypes.TICKETS_RESERVED, TicketsReserved.class,
                        event -> sessions.apply(session(event), event.type(), s -> s.reserved(event.data())))
                .on(EventTypes.TICKETS_RESERVATION_REJECTED, TicketsReservationRejected.class,
                        event -> sessions.apply(session(event), event.type(),
                                s -> s.reservationRejected(event.data())))
                .on(EventTypes.TICKETS_PAYMENT_PENDING, TicketsPaymentPending.class,
                        event -> sessions.apply(session(event), event.type(), s -> s.paymentPending(event.data())))
                .on(EventTypes.TICKETS_PAYMENT_AUTHORIZED, TicketsPaymentAuthorized.class,
                        event -> sessions.apply(session(event), event.type(),
                                s -> s.paymentAuthorized(event.data())))
                .on(EventTypes.TICKETS_PAYMENT_DECLINED, TicketsPaymentDeclined.class,
                        event -> sessions.apply(session(event), event.type(), s -> s.paymentDeclined(event.data())))
                .on(EventTypes.TICKETS_ISSUED, TicketsIssued.class,
                        event -> sessions.apply(session(event), event.type(),
                                s -> s.issued(event.data().reservationId(), event.data().tickets())))
                .on(EventTypes.TICKETS_RESERVATION_EXPIRED, TicketsReservationExpired.class,
                        event -> sessions.apply(session(event), event.type(),
                                s -> s.expired(event.data().reservationId(),
                                        event.data().reason() != null ? event.data().reason() : "HOLD_EXPIRED")))
                .on(EventTypes.TICKETS_RESERVATION_RELEASED, TicketsReservationReleased.class,
                        event -> sessions.notify(session(event), FanMessages.released(event.data())))
                .onDated(EventTypes.TICKETS_AVAILABILITY_CHANGED, TicketsAvailabilityChanged.class,
                        TicketsAvailabilityChanged::at,
                        event -> sales.availabilityChanged(event.data()))
                .on(EventTypes.TICKETS_RESERVATION_TIMED_OUT, TicketsReservationTimedOut.class,
                        event -> sessions.apply(session(event), event.type(),
                                s -> s.expired(event.data().reservationId(), "TIMED_OUT")))
                .on(EventTypes.TICKETS_EMITTED, TicketsEmitted.class, event -> {
                    // the process's delivery notice may carry the codes or leave them to Tickets.Issued
                    List<IssuedTicket> codes = event.data().tickets();
                    if (codes != null && !codes.isEmpty()) {
                        sessions.apply(session(event), event.type(),
                                s -> s.issued(event.data().reservationId(), codes));
                    }
                    sessions.notify(session(event), FanMessages.ticketsEmitted());
                })
                .on(EventTypes.PAYMENTS_MONEY_TRANSFER_REQUESTED, PaymentsMoneyTransferRequested.class, event -> {
                    sessions.apply(session(event), event.type(),
                            s -> s.requirePaymentMethod(PaymentMethod.MONEY_TRANSFER));
                    sessions.notify(session(event), FanMessages.moneyTransferRequired());
                })
                .on(EventTypes.NOTIFICATIONS_REQUESTED, NotificationsRequested.class,
                        event -> sessions.notify(session(event), FanMessages.requested(event.data())))
                .on(EventTypes.CUSTOMER_FOLLOW_UP_BOOKED, CustomerFollowUpBooked.class,
                        event -> sessions.notify(session(event), FanMessages.followUpBooked(event.data())))
                .build();
    }

    /** The session a journey event is about: its correlation key (the ingress made sure it has one). */
    private static String session(IncomingEvent<?> event) {
        return event.correlationKey();
    }
}
