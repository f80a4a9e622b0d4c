package io.concertsale.gateway.shop.session.web;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.gateway.shop.payment.Card;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The bodies the browser API takes. */
final class SessionRequests {

    private SessionRequests() {
    }

    /** {@code POST /api/sessions/{id}/reservation}. */
    record Reservation(@NotBlank @Size(max = 40) String ticketType, @NotNull Integer quantity) {
    }

    /**
     * {@code POST /api/sessions/{id}/payment}: a card (tokenized at the provider) or a money transfer. A method that is
     * none of the {@link PaymentMethod}'s names does not bind; it is answered as a field error all the same
     * ({@code ShopProblems}).
     */
    record Payment(@NotNull PaymentMethod method, @Valid CardDetails card) {
    }

    /** Card details: checked by the payment provider, never stored or logged here. */
    record CardDetails(
            @Size(max = 40) String number,
            @Size(max = 10) String expiry,
            @Size(max = 8) String cvc,
            @Size(max = 100) String holder) {

        Card toCard() {
            return new Card(number, expiry, cvc, holder);
        }

        @Override
        public String toString() {
            return toCard().toString();
        }
    }
}
