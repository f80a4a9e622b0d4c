package io.concertsale.gateway.sale;

/**
 * Published inside the transaction that opens a new sale: listeners clear what belonged to the previous one in the
 * same transaction, or act after it committed.
 */
public record SaleReset(String saleId) {
}
