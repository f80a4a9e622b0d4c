package io.concertsale.payments.card;

import java.util.Optional;

/** Card number rules: digits with optional spaces or dashes, 12 to 19 of them, and a valid Luhn check digit. */
public final class CardNumbers {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 19;

    private CardNumbers() {
    }

    /** The digits of a number written with optional spaces or dashes; empty when anything else is in it. */
    public static Optional<String> digits(String number) {
        if (number == null) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(number.length());
        for (char c : number.strip().toCharArray()) {
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != ' ' && c != '-') {
                return Optional.empty();
            }
        }
        return digits.isEmpty() ? Optional.empty() : Optional.of(digits.toString());
    }

    /** Whether the digits end with the right Luhn (mod 10) check digit. */
    public static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
