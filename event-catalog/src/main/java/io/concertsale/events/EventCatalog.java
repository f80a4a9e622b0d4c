package io.concertsale.events;

import static io.concertsale.events.Participants.GATEWAY;
import static io.concertsale.events.Participants.PAYMENTS;
import static io.concertsale.events.Participants.QUEUE;
import static io.concertsale.events.Participants.ROUTER;
import static io.concertsale.events.Participants.TICKETS;

import io.concertsale.events.data.CustomerFollowUpBooked;
import io.concertsale.events.data.NotificationsRequested;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.PaymentsDeclined;
import io.concertsale.events.data.PaymentsMoneyTransferAccepted;
import io.concertsale.events.data.PaymentsMoneyTransferRequested;
import io.concertsale.events.data.PaymentsRequestReceived;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueCustomerAbandoned;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerJoined;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.events.data.SaleAdmissionUpdated;
import io.concertsale.events.data.SaleOpened;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsEmitted;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsPaymentRequested;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReservationTimedOut;
import io.concertsale.events.data.TicketsReserved;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every event of the sale: who produces it, who consumes it, and the record its data reads into. */
public final class EventCatalog {

    private static final Map<String, EventDefinition> DEFINITIONS = new LinkedHashMap<>();
    private static final Map<Class<?>, EventDefinition> BY_DATA = new LinkedHashMap<>();

    static {
        broadcast(EventTypes.SALE_OPENED, SaleOpened.class, GATEWAY, List.of(QUEUE, TICKETS),
                "the operator reset and opened a sale");
        broadcast(EventTypes.SALE_ADMISSION_UPDATED, SaleAdmissionUpdated.class, GATEWAY, List.of(QUEUE),
                "admission rate, cap or pause changed");

        journey(EventTypes.QUEUE_CUSTOMER_JOINED, QueueCustomerJoined.class, GATEWAY, List.of(QUEUE, ROUTER),
                "customer joined the waiting room, with their place in the sale's join order (the gateway's number)");
        journey(EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class, QUEUE, List.of(GATEWAY),
                "the waiting room took the customer in: join number, position, estimated wait");
        broadcast(EventTypes.QUEUE_PROGRESSED, QueueProgressed.class, QUEUE, List.of(GATEWAY),
                "the waiting room moved on: admitted so far, still waiting");
        journey(EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class, QUEUE, List.of(GATEWAY, ROUTER),
                "customer admitted to buy; carries a signed admission token and its expiry");
        journey(EventTypes.QUEUE_CUSTOMER_ABANDONED, QueueCustomerAbandoned.class, GATEWAY,
                List.of(QUEUE, TICKETS, ROUTER), "customer left (button, closed page, session expiry)");
        broadcast(EventTypes.QUEUE_CLOSED, QueueClosed.class, QUEUE, List.of(GATEWAY),
                "sold out for good: the waiting customers are sent away");

        journey(EventTypes.TICKETS_REQUESTED, TicketsRequested.class, GATEWAY, List.of(TICKETS),
                "customer picked ticket type and quantity (with admission token)");
        journey(EventTypes.TICKETS_RESERVED, TicketsReserved.class, TICKETS, List.of(GATEWAY, QUEUE, ROUTER),
                "tickets held until expiresAt");
        journey(EventTypes.TICKETS_RESERVATION_REJECTED, TicketsReservationRejected.class, TICKETS,
                List.of(GATEWAY, QUEUE), "sold out, over the per-customer limit, or invalid token");
        journey(EventTypes.TICKETS_PAYMENT_REQUESTED, TicketsPaymentRequested.class, GATEWAY,
                List.of(TICKETS, ROUTER), "customer checked out (card token, never a card number)");
        journey(EventTypes.TICKETS_PAYMENT_PENDING, TicketsPaymentPending.class, TICKETS, List.of(GATEWAY),
                "the provider took the payment; money transfer instructions when paying by transfer");
        journey(EventTypes.TICKETS_PAYMENT_AUTHORIZED, TicketsPaymentAuthorized.class, TICKETS,
                List.of(GATEWAY, ROUTER), "the sale is paid");
        journey(EventTypes.TICKETS_PAYMENT_DECLINED, TicketsPaymentDeclined.class, TICKETS,
                List.of(GATEWAY, ROUTER), "the customer may retry until the hold expires");
        journey(EventTypes.TICKETS_ISSUED, TicketsIssued.class, TICKETS, List.of(GATEWAY, QUEUE),
                "ticket codes issued; the sale is final");
        journey(EventTypes.TICKETS_RESERVATION_EXPIRED, TicketsReservationExpired.class, TICKETS,
                List.of(GATEWAY, QUEUE, ROUTER), "the hold ran out (own expiry or process time-out) and was released");
        journey(EventTypes.TICKETS_RESERVATION_RELEASED, TicketsReservationReleased.class, TICKETS,
                List.of(GATEWAY), "the hold was given back because the customer left or was cleaned up");
        broadcast(EventTypes.TICKETS_AVAILABILITY_CHANGED, TicketsAvailabilityChanged.class, TICKETS,
                List.of(GATEWAY, QUEUE), "inventory snapshot: available, reserved and sold per ticket type");
        journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, TicketsReservationTimedOut.class, ROUTER,
                List.of(TICKETS, GATEWAY), "the process timed the reservation out: release it");
        journey(EventTypes.TICKETS_EMITTED, TicketsEmitted.class, ROUTER, List.of(GATEWAY),
                "tickets delivered to the customer");

        journey(EventTypes.PAYMENTS_REQUEST_RECEIVED, PaymentsRequestReceived.class, PAYMENTS, List.of(TICKETS),
                "payment accepted for processing");
        journey(EventTypes.PAYMENTS_AUTHORIZED, PaymentsAuthorized.class, PAYMENTS, List.of(TICKETS),
                "a card payment was authorized");
        journey(EventTypes.PAYMENTS_DECLINED, PaymentsDeclined.class, PAYMENTS, List.of(TICKETS),
                "a card payment was declined");
        journey(EventTypes.PAYMENTS_MONEY_TRANSFER_REQUESTED, PaymentsMoneyTransferRequested.class, ROUTER,
                List.of(GATEWAY), "bulk order: customer must pay by money transfer");
        journey(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, PaymentsMoneyTransferAccepted.class, PAYMENTS,
                List.of(TICKETS, ROUTER), "the transfer arrived");

        journey(EventTypes.NOTIFICATIONS_REQUESTED, NotificationsRequested.class, ROUTER, List.of(GATEWAY),
                "reminder, follow-up or delivery notice pushed to the browser");
        journey(EventTypes.CUSTOMER_FOLLOW_UP_BOOKED, CustomerFollowUpBooked.class, ROUTER, List.of(GATEWAY),
                "follow-up booked for the customer");
        journey(EventTypes.SESSION_CLEAN_UP, SessionCleanUp.class, ROUTER, List.of(TICKETS, QUEUE),
                "customer abandoned mid-purchase: release everything");
    }

    private EventCatalog() {
    }

    private static void journey(String type, Class<?> data, String producer, List<String> consumers, String meaning) {
        define(new EventDefinition(type, data, producer, consumers, true, meaning));
    }

    private static void broadcast(String type, Class<?> data, String producer, List<String> consumers, String meaning) {
        define(new EventDefinition(type, data, producer, consumers, false, meaning));
    }

    private static void define(EventDefinition definition) {
        DEFINITIONS.put(definition.type(), definition);
        if (BY_DATA.putIfAbsent(definition.dataType(), definition) != null) {
            throw new IllegalStateException("Two types read into " + definition.dataType().getSimpleName()
                    + ": a fact's record must name its type");
        }
    }

    /** All definitions, in catalog order. */
    public static List<EventDefinition> all() {
        return List.copyOf(DEFINITIONS.values());
    }

    public static Optional<EventDefinition> find(String type) {
        return Optional.ofNullable(DEFINITIONS.get(type));
    }

    /** The definition of a type the catalog must know. */
    public static EventDefinition get(String type) {
        return find(type).orElseThrow(() -> new IllegalArgumentException("Not in the event catalog: " + type));
    }

    /** The definition of the type whose data reads into this record: each type has a record of its own. */
    public static EventDefinition forData(Class<?> dataType) {
        EventDefinition definition = BY_DATA.get(dataType);
        if (definition == null) {
            throw new IllegalArgumentException("No event of the catalog reads into " + dataType.getName());
        }
        return definition;
    }

    /** The types a participant consumes. */
    public static List<String> consumedBy(String participant) {
        return DEFINITIONS.values().stream()
                .filter(definition -> definition.consumers().contains(participant))
                .map(EventDefinition::type)
                .toList();
    }
}
