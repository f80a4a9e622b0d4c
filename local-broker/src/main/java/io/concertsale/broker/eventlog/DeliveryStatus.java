package io.concertsale.broker.eventlog;

/** Where the delivery of one event to one Trigger's subscriber stands. */
public enum DeliveryStatus {

    /** Not tried yet. */
    PENDING,
    /** Failed at least once; waiting for the next try. */
    RETRYING,
    /** The subscriber answered 2xx. */
    DELIVERED,
    /** Every try failed; the dead letter sink took the event. */
    DEAD_LETTERED,
    /** Every try failed and no dead letter sink took it: logged at ERROR and counted. */
    LOST
}
