package io.concertsale.events;

/**
 * The CloudEvent {@code type} of every event in the sale. The names keep the demo's
 * {@code Domain.PastTense} form; the Zeebe router publishes them as BPMN message names.
 */
public final class EventTypes {

    public static final String SALE_OPENED = "Sale.Opened";
    public static final String SALE_ADMISSION_UPDATED = "Sale.AdmissionUpdated";

    public static final String QUEUE_CUSTOMER_JOINED = "Queue.CustomerJoined";
    public static final String QUEUE_CUSTOMER_QUEUED = "Queue.CustomerQueued";
    public static final String QUEUE_PROGRESSED = "Queue.Progressed";
    public static final String QUEUE_CUSTOMER_EXITED = "Queue.CustomerExited";
    public static final String QUEUE_CUSTOMER_ABANDONED = "Queue.CustomerAbandoned";
    public static final String QUEUE_CLOSED = "Queue.Closed";

    public static final String TICKETS_REQUESTED = "Tickets.Requested";
    public static final String TICKETS_RESERVED = "Tickets.Reserved";
    public static final String TICKETS_RESERVATION_REJECTED = "Tickets.ReservationRejected";
    public static final String TICKETS_PAYMENT_REQUESTED = "Tickets.PaymentRequested";
    public static final String TICKETS_PAYMENT_PENDING = "Tickets.PaymentPending";
    public static final String TICKETS_PAYMENT_AUTHORIZED = "Tickets.PaymentAuthorized";
    public static final String TICKETS_PAYMENT_DECLINED = "Tickets.PaymentDeclined";
    public static final String TICKETS_ISSUED = "Tickets.Issued";
    public static final String TICKETS_RESERVATION_EXPIRED = "Tickets.ReservationExpired";
    public static final String TICKETS_RESERVATION_RELEASED = "Tickets.ReservationReleased";
    public static final String TICKETS_AVAILABILITY_CHANGED = "Tickets.AvailabilityChanged";
    public static final String TICKETS_RESERVATION_TIMED_OUT = "Tickets.ReservationTimedOut";
    public static final String TICKETS_EMITTED = "Tickets.Emitted";

    public static final String PAYMENTS_REQUEST_RECEIVED = "Payments.RequestReceived";
    public static final String PAYMENTS_AUTHORIZED = "Payments.Authorized";
    public static final String PAYMENTS_DECLINED = "Payments.Declined";
    public static final String PAYMENTS_MONEY_TRANSFER_REQUESTED = "Payments.MoneyTransferRequested";
    public static final String PAYMENTS_MONEY_TRANSFER_ACCEPTED = "Payments.MoneyTransferAccepted";

    public static final String NOTIFICATIONS_REQUESTED = "Notifications.Requested";
    public static final String CUSTOMER_FOLLOW_UP_BOOKED = "Customer.FollowUpBooked";
    public static final String SESSION_CLEAN_UP = "Session.CleanUp";

    private EventTypes() {
    }
}
