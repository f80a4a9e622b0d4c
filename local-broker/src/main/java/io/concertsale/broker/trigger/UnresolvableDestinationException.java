package io.concertsale.broker.trigger;

/** A destination whose {@code ref} names nothing the broker knows an address for. */
public class UnresolvableDestinationException extends RuntimeException {

    public UnresolvableDestinationException(String message) {
        super(message);
    }
}
