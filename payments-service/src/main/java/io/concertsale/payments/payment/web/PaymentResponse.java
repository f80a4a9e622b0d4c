package io.concertsale.payments.payment.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.concertsale.payments.payment.Payment;
import io.concertsale.payments.payment.TransferInstructions;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The payment JSON. Every field is always present ({@code null} when it does not apply), so merchants can rely on
 * one shape.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record PaymentResponse(
        String id, String status, String method, BigDecimal amount, String currency, String reference,
        String correlationKey, String description, Instant createdAt, Instant updatedAt, Card card,
        MoneyTransfer moneyTransfer, String authorizationCode, String declineReason) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Card(String brand, String last4) {
    }

    /**
     * @param transferId the payment's id
     * @param reference the code the customer must quote on the transfer
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MoneyTransfer(String transferId, String beneficiary, String iban, String bic, String reference,
            BigDecimal amount, String currency, Instant dueBy) {
    }

    static PaymentResponse of(Payment payment) {
        Card card = payment.cardToken() == null ? null : new Card(payment.cardBrand(), payment.cardLast4());
        TransferInstructions transfer = payment.transfer();
        MoneyTransfer moneyTransfer = transfer == null ? null : new MoneyTransfer(payment.id(),
                transfer.beneficiary(), transfer.iban(), transfer.bic(), transfer.reference(), payment.amount(),
                payment.currency(), transfer.dueBy());
        return new PaymentResponse(payment.id(), payment.status().name(), payment.method().name(), payment.amount(),
                payment.currency(), payment.reference(), payment.correlationKey(), payment.description(),
                payment.createdAt(), payment.updatedAt(), card, moneyTransfer, payment.authorizationCode(),
                payment.declineReason());
    }
}
