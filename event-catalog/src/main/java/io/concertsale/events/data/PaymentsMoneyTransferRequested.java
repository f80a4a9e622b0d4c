package io.concertsale.events.data;

import java.math.BigDecimal;

/** A bulk order must be paid by money transfer. Sent by the Zeebe router (v4). */
public record PaymentsMoneyTransferRequested(String sessionId, String reservationId, BigDecimal amount, String currency) {
}
