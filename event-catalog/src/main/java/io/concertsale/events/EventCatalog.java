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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every event of the sale: who produces it, who consumes it, and the record its data reads into. */
public final class EventCatalog {

    private static final Map<String, EventDefinition> DEFINITIONS = new LinkedHashMap<>();
    private static final Map<Class<?>, EventDefinition> BY_DATA = new LinkedHashMap<>();

    static {
        broadcast(EventTypes.SALE_OPENED, SaleOpened.class, GATEWAY, "the operator reset and opened a sale",
                consumer(QUEUE,
                        "clears the previous sale's waiting room and opens the new one with its admission settings"),
                consumer(TICKETS,
                        "clears the previous sale and loads the new ticket types, prices, quantities, limit and hold "
                        + "time"));
        broadcast(EventTypes.SALE_ADMISSION_UPDATED, SaleAdmissionUpdated.class, GATEWAY,
                "admission rate, cap or pause changed",
                consumer(QUEUE, "applies the new admission rate, cap or pause from its next admission tick"));

        journey(EventTypes.QUEUE_CUSTOMER_JOINED, QueueCustomerJoined.class, GATEWAY,
                "customer joined the waiting room, with their place in the sale's join order (the gateway's number)",
                consumer(QUEUE,
                        "takes the customer into the waiting room at the gateway's join number (admission goes by "
                        + "that number, not by the order events arrive in) and answers Queue.CustomerQueued"),
                consumer(ROUTER));
        journey(EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class, QUEUE,
                "the waiting room took the customer in: join number, position, estimated wait",
                consumer(GATEWAY, "shows the customer their number, position and estimated wait (QUEUED)"));
        broadcast(EventTypes.QUEUE_PROGRESSED, QueueProgressed.class, QUEUE,
                "the waiting room moved on: admitted so far, still waiting",
                consumer(GATEWAY, "moves every waiting session's position and estimated wait on"));
        journey(EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class, QUEUE,
                "customer admitted to buy; carries a signed admission token and its expiry",
                consumer(GATEWAY,
                        "moves the session to ADMITTED and keeps the admission token for the reservation request"),
                consumer(ROUTER));
        journey(EventTypes.QUEUE_CUSTOMER_ABANDONED, QueueCustomerAbandoned.class, GATEWAY,
                "customer left (button, closed page, session expiry)",
                consumer(QUEUE, "drops the waiting customer, or frees the slot of an admitted one"),
                consumer(TICKETS, "releases any hold of the customer and reports Tickets.ReservationReleased"),
                consumer(ROUTER));
        broadcast(EventTypes.QUEUE_CLOSED, QueueClosed.class, QUEUE,
                "sold out for good: the waiting customers are sent away",
                consumer(GATEWAY, "sends the waiting sessions away (REJECTED, sold out) with this one event"));

        journey(EventTypes.TICKETS_REQUESTED, TicketsRequested.class, GATEWAY,
                "customer picked ticket type and quantity (with admission token)",
                consumer(TICKETS,
                        "verifies the admission token and the per-customer limit, takes the tickets with one "
                        + "conditional update and answers Tickets.Reserved or Tickets.ReservationRejected"));
        journey(EventTypes.TICKETS_RESERVED, TicketsReserved.class, TICKETS, "tickets held until expiresAt",
                consumer(GATEWAY, "shows the hold and its expiry (RESERVED)"),
                consumer(QUEUE, "keeps counting the admitted customer as an active shopper while the hold lasts"),
                consumer(ROUTER));
        journey(EventTypes.TICKETS_RESERVATION_REJECTED, TicketsReservationRejected.class, TICKETS,
                "sold out, over the per-customer limit, or invalid token",
                consumer(GATEWAY, "lets the customer ask for fewer when the rejection is retryable, else REJECTED"),
                consumer(QUEUE,
                        "frees the shopper's slot when the rejection is final, so the next customer can be admitted"));
        journey(EventTypes.TICKETS_PAYMENT_REQUESTED, TicketsPaymentRequested.class, GATEWAY,
                "customer checked out (card token, never a card number)",
                consumer(TICKETS,
                        "computes the amount, creates the payment at the provider (idempotency key = event id) and "
                        + "answers Tickets.PaymentPending"),
                consumer(ROUTER));
        journey(EventTypes.TICKETS_PAYMENT_PENDING, TicketsPaymentPending.class, TICKETS,
                "the provider took the payment; money transfer instructions when paying by transfer",
                consumer(GATEWAY,
                        "moves the session to PAYMENT_PENDING, with the transfer instructions of a money transfer"));
        journey(EventTypes.TICKETS_PAYMENT_AUTHORIZED, TicketsPaymentAuthorized.class, TICKETS, "the sale is paid",
                consumer(GATEWAY, "moves the session to PAID"),
                consumer(ROUTER));
        journey(EventTypes.TICKETS_PAYMENT_DECLINED, TicketsPaymentDeclined.class, TICKETS,
                "the customer may retry until the hold expires",
                consumer(GATEWAY, "moves the session back to RESERVED so that the customer can pay again"),
                consumer(ROUTER));
        journey(EventTypes.TICKETS_ISSUED, TicketsIssued.class, TICKETS, "ticket codes issued; the sale is final",
                consumer(GATEWAY, "shows the ticket codes (COMPLETED)"),
                consumer(QUEUE, "frees the shopper's slot for the next customer in line: the purchase is over"));
        journey(EventTypes.TICKETS_RESERVATION_EXPIRED, TicketsReservationExpired.class, TICKETS,
                "the hold ran out (own expiry or process time-out) and was released",
                consumer(GATEWAY, "moves the session to EXPIRED"),
                consumer(QUEUE, "frees the shopper's slot; the released tickets let admission go on"),
                consumer(ROUTER));
        journey(EventTypes.TICKETS_RESERVATION_RELEASED, TicketsReservationReleased.class, TICKETS,
                "the hold was given back because the customer left or was cleaned up",
                consumer(GATEWAY, "shows the customer that the hold was given back"));
        broadcast(EventTypes.TICKETS_AVAILABILITY_CHANGED, TicketsAvailabilityChanged.class, TICKETS,
                "inventory snapshot: available, reserved and sold per ticket type",
                consumer(GATEWAY,
                        "serves the availability per ticket type and the admin counters from these snapshots"),
                consumer(QUEUE,
                        "pauses admission while nothing is available, and closes the queue (Queue.Closed) when sold "
                        + "out for good"));
        journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, TicketsReservationTimedOut.class, ROUTER,
                "the process timed the reservation out: release it",
                consumer(TICKETS, "releases the hold exactly once and reports Tickets.ReservationExpired"),
                consumer(GATEWAY, "tells the customer the reservation timed out"));
        journey(EventTypes.TICKETS_EMITTED, TicketsEmitted.class, ROUTER, "tickets delivered to the customer",
                consumer(GATEWAY, "shows the customer the delivered tickets"));

        journey(EventTypes.PAYMENTS_REQUEST_RECEIVED, PaymentsRequestReceived.class, PAYMENTS,
                "payment accepted for processing",
                consumer(TICKETS, "records that the provider is processing the payment"));
        journey(EventTypes.PAYMENTS_AUTHORIZED, PaymentsAuthorized.class, PAYMENTS, "a card payment was authorized",
                consumer(TICKETS,
                        "marks the sale paid (Tickets.PaymentAuthorized) and issues the ticket codes "
                        + "(Tickets.Issued), or cancels the payment if the hold was already released"));
        journey(EventTypes.PAYMENTS_DECLINED, PaymentsDeclined.class, PAYMENTS, "a card payment was declined",
                consumer(TICKETS,
                        "reports Tickets.PaymentDeclined; the customer may pay again until the hold expires"));
        journey(EventTypes.PAYMENTS_MONEY_TRANSFER_REQUESTED, PaymentsMoneyTransferRequested.class, ROUTER,
                "bulk order: customer must pay by money transfer",
                consumer(GATEWAY, "asks the customer to pay the bulk order by money transfer"));
        journey(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, PaymentsMoneyTransferAccepted.class, PAYMENTS,
                "the transfer arrived",
                consumer(TICKETS, "marks the bulk order paid and issues its tickets"),
                consumer(ROUTER));

        journey(EventTypes.NOTIFICATIONS_REQUESTED, NotificationsRequested.class, ROUTER,
                "reminder, follow-up or delivery notice pushed to the browser",
                consumer(GATEWAY, "pushes the reminder, follow-up or delivery notice to the browser"));
        journey(EventTypes.CUSTOMER_FOLLOW_UP_BOOKED, CustomerFollowUpBooked.class, ROUTER,
                "follow-up booked for the customer",
                consumer(GATEWAY, "shows the customer the booked follow-up"));
        journey(EventTypes.SESSION_CLEAN_UP, SessionCleanUp.class, ROUTER,
                "customer abandoned mid-purchase: release everything",
                consumer(TICKETS, "releases every hold of the customer"),
                consumer(QUEUE, "frees whatever the customer still held in the waiting room"));
    }

    private EventCatalog() {
    }

    private static void journey(String type, Class<?> data, String producer, String meaning,
            Consumption... consumers) {
        define(type, data, producer, true, meaning, consumers);
    }

    private static void broadcast(String type, Class<?> data, String producer, String meaning,
            Consumption... consumers) {
        define(type, data, producer, false, meaning, consumers);
    }

    /** A service that consumes the type, and what it does with it. */
    private static Consumption consumer(String participant, String reaction) {
        return new Consumption(participant, reaction);
    }

    /** The router consumes what its deployed process models wait for: the model says what happens. */
    private static Consumption consumer(String participant) {
        return new Consumption(participant, null);
    }

    private record Consumption(String participant, String reaction) {
    }

    private static void define(String type, Class<?> data, String producer, boolean journey, String meaning,
            Consumption... consumers) {
        List<String> names = new ArrayList<>();
        Map<String, String> reactions = new LinkedHashMap<>();
        for (Consumption consumer : consumers) {
            names.add(consumer.participant());
            if (consumer.reaction() != null) {
                reactions.put(consumer.participant(), consumer.reaction());
            }
        }
        define(new EventDefinition(type, data, producer, names, journey, meaning, reactions));
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
