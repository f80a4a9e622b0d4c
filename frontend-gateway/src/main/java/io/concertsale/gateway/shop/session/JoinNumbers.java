package io.concertsale.gateway.shop.session;

/**
 * The join numbers of the current sale: taken in the transaction that records a join and held by it until it ends,
 * so joins take their numbers in the order they commit. A join acknowledged before another join is sent has the
 * lower number, and a join that rolls back gives its number back, so a sale's numbers run 1, 2, 3 ... without gaps
 * or duplicates.
 */
public interface JoinNumbers {

    /** A new sale numbers its joins from 1; the counters of earlier sales go (in the transaction that opens it). */
    void start(String saleId);

    /**
     * Takes the sale's next join number in the caller's transaction, which holds it until it ends.
     *
     * @throws IllegalStateException when the sale has no counter (it is not the current sale)
     */
    long next(String saleId);
}
