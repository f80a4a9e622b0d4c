package io.concertsale.gateway.shop.payment;

/**
 * Card details as the browser sends them, on their way to the payment provider's tokenization. They are never
 * stored, logged or put into an event: {@link #toString()} shows only the last four digits.
 */
public record Card(String number, String expiry, String cvc, String holder) {

    /** The last four digits, for display. */
    public String last4() {
        if (number == null) {
            return null;
        }
        String digits = number.replaceAll("\\D", "");
        return digits.length() < 4 ? null : digits.substring(digits.length() - 4);
    }

    @Override
    public String toString() {
        return "Card[number=****" + (last4() == null ? "" : last4()) + ", expiry=" + expiry + ", cvc=***, holder="
                + (holder == null ? null : "***") + "]";
    }
}
