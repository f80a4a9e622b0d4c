package io.concertsale.payments.card;

/** The card networks the provider recognizes from a card number's leading digits. */
public enum CardBrand {
    VISA, MASTERCARD, AMEX, DISCOVER, UNKNOWN;

    /** The brand of a card number given as digits only. */
    static CardBrand of(String digits) {
        if (digits.startsWith("4")) {
            return VISA;
        }
        if (digits.startsWith("34") || digits.startsWith("37")) {
            return AMEX;
        }
        int two = prefix(digits, 2);
        int four = prefix(digits, 4);
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return MASTERCARD;
        }
        int three = prefix(digits, 3);
        if (digits.startsWith("6011") || digits.startsWith("65") || (three >= 644 && three <= 649)) {
            return DISCOVER;
        }
        return UNKNOWN;
    }

    private static int prefix(String digits, int length) {
        return digits.length() < length ? -1 : Integer.parseInt(digits.substring(0, length));
    }
}
