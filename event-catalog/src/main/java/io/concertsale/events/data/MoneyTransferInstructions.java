package io.concertsale.events.data;

import java.math.BigDecimal;
import java.time.Instant;

/** Where and how to pay by bank transfer. */
public record MoneyTransferInstructions(
        String transferId, String beneficiary, String iban, String bic, String reference, BigDecimal amount,
        String currency, Instant dueBy) {
}
