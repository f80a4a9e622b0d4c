package io.concertsale.broker.ingress;

/** Too many deliveries are under way to take another event now; the sender should retry shortly. */
public class BrokerOverloadedException extends RuntimeException {

    public BrokerOverloadedException(int pending) {
        super("The broker has " + pending + " deliveries under way; try again shortly");
    }
}
