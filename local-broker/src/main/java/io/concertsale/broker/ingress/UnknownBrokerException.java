package io.concertsale.broker.ingress;

/** An ingress request for a broker this one is not. */
public class UnknownBrokerException extends RuntimeException {

    public UnknownBrokerException(String namespace, String name, String served) {
        super("No broker " + namespace + "/" + name + " here; this is " + served);
    }
}
