package io.concertsale.gateway.sale;

/** No sale is open, or it is sold out, so the request cannot go ahead (answered 409). */
public class SaleNotOpenException extends RuntimeException {

    private final SaleStatus status;

    public SaleNotOpenException(SaleStatus status, String message) {
        super(message);
        this.status = status;
    }

    public SaleStatus status() {
        return status;
    }
}
