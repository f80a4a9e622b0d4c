package io.concertsale.gateway.sale;

/** What fans are told about the sale. */
public enum SaleStatus {
    /** Tickets are on sale. */
    OPEN,
    /** Nothing is available: the queue closed for good, or every ticket is held or sold right now. */
    SOLD_OUT,
    /** No sale has been opened. */
    NOT_OPEN
}
