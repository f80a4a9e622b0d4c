package io.concertsale.tickets.payment;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.MoneyTransferInstructions;
import java.math.BigDecimal;

/**
 * A payment as the provider reports it.
 *
 * @param moneyTransfer where and how to transfer the money, for a money transfer; otherwise null
 * @param declineReason why it was declined, when it was
 */
public record ProviderPayment(
        String id, PaymentStatus status, PaymentMethod method, BigDecimal amount, String currency, String reference,
        MoneyTransferInstructions moneyTransfer, String declineReason) {

    /** The provider's transfer id of a money transfer, otherwise null. */
    public String transferId() {
        return moneyTransfer == null ? null : moneyTransfer.transferId();
    }
}
