package io.concertsale.payments.payment;

import java.time.Instant;

/**
 * Where and how the customer pays a money transfer: fixed when the payment is created.
 *
 * @param reference the short code the customer must quote on the transfer
 */
public record TransferInstructions(String beneficiary, String iban, String bic, String reference, Instant dueBy) {
}
