package io.concertsale.payments.card;

/** What a customer types in to pay by card. Only {@link CardTokenizer} ever sees the number. */
public record CardDetails(String number, String expiry, String cvc, String holder) {

    @Override
    public String toString() {
        return "CardDetails[number=****, expiry=" + expiry + ", cvc=***, holder=" + holder + "]";
    }
}
