package io.concertsale.tickets.reservation.web;

import io.concertsale.events.data.IssuedTicket;
import io.concertsale.tickets.payment.Checkout;
import io.concertsale.tickets.payment.Payment;
import io.concertsale.tickets.payment.CheckoutStore;
import io.concertsale.tickets.payment.PaymentStore;
import io.concertsale.tickets.payment.TicketStore;
import io.concertsale.tickets.reservation.Reservation;
import io.concertsale.tickets.reservation.Reservations;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Operators look a reservation up: its state, its checkouts, its payments and its tickets. */
@RestController
class ReservationController {

    private final Reservations reservations;
    private final CheckoutStore checkouts;
    private final PaymentStore payments;
    private final TicketStore tickets;

    ReservationController(Reservations reservations, CheckoutStore checkouts, PaymentStore payments,
            TicketStore tickets) {
        this.reservations = reservations;
        this.checkouts = checkouts;
        this.payments = payments;
        this.tickets = tickets;
    }

    @GetMapping("/api/reservations/{id}")
    ReservationView reservation(@PathVariable String id) {
        Reservation reservation = reservations.find(id).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "The open sale has no reservation " + id));
        return new ReservationView(reservation.id(), reservation.saleId(), reservation.sessionId(),
                reservation.ticketType(), reservation.quantity(), reservation.unitPrice(), reservation.amount(),
                reservation.currency(), reservation.status().name(), reservation.createdAt(), reservation.expiresAt(),
                reservation.endReason(), reservation.endedAt(),
                checkouts.findByReservation(id).stream().map(CheckoutView::of).toList(),
                payments.findByReservation(id).stream().map(PaymentView::of).toList(),
                tickets.findByReservation(id));
    }

    record ReservationView(
            String id, String saleId, String sessionId, String ticketType, int quantity, BigDecimal unitPrice,
            BigDecimal amount, String currency, String status, Instant createdAt, Instant expiresAt, String endReason,
            Instant endedAt, List<CheckoutView> checkouts, List<PaymentView> payments, List<IssuedTicket> tickets) {
    }

    /**
     * A checkout without its card token: the operator sees whether and how often the provider was asked, and why it
     * could not be.
     */
    record CheckoutView(
            String id, String method, String status, String paymentId, int attempts, Instant nextAttemptAt,
            String lastError, Instant createdAt) {

        static CheckoutView of(Checkout checkout) {
            return new CheckoutView(checkout.id(), checkout.method().name(), checkout.status().name(),
                    checkout.paymentId(), checkout.attempts(), checkout.nextAttemptAt(), checkout.lastError(),
                    checkout.createdAt());
        }
    }

    record PaymentView(
            String id, String method, String status, BigDecimal amount, String currency, String transferId,
            String statusReason, Instant createdAt, Instant acknowledgedAt) {

        static PaymentView of(Payment payment) {
            return new PaymentView(payment.id(), payment.method().name(), payment.status().name(), payment.amount(),
                    payment.currency(), payment.transferId(), payment.statusReason(), payment.createdAt(),
                    payment.acknowledgedAt());
        }
    }
}
