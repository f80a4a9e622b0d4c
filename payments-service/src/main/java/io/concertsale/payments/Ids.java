package io.concertsale.payments;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers: unguessable, prefixed by what they name, like a real provider's. */
public final class Ids {

    /** Letters and digits a person cannot confuse when typing a transfer reference (no 0/O, 1/I/L, U). */
    private static final char[] READABLE = "23456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String cardToken() {
        return "card_" + hex(12);
    }

    public static String payment() {
        return "pay_" + hex(12);
    }

    /** A short code a customer quotes on a bank transfer, such as {@code PAY-7KQ2-M9XT}. */
    public static String transferReference() {
        return "PAY-" + readable(4) + "-" + readable(4);
    }

    /** An authorization code as card networks give them: six letters and digits. */
    public static String authorizationCode() {
        return readable(6);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String readable(int length) {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = READABLE[RANDOM.nextInt(READABLE.length)];
        }
        return new String(code);
    }
}
