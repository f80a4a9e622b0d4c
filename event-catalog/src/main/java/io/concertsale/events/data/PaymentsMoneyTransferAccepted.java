package io.concertsale.events.data;

import java.math.BigDecimal;

/** The bank transfer arrived at the provider. */
public record PaymentsMoneyTransferAccepted(
        String transferId, String reference, BigDecimal amount, String currency) {
}
