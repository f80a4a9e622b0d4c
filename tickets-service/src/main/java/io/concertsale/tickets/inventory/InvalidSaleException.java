package io.concertsale.tickets.inventory;

/** A sale that cannot be opened as described: nothing changed. */
public class InvalidSaleException extends RuntimeException {

    public InvalidSaleException(String message) {
        super(message);
    }
}
