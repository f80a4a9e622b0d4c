package io.concertsale.router.deployment;

/** No bundled model has the name. */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String name) {
        super("No bundled model is named '" + name + "'");
    }
}
