package io.concertsale.tickets.payment;

import java.security.SecureRandom;

/**
 * Ticket codes: 12 characters from an alphabet without look-alikes (no I, O, 0 or 1), drawn from a
 * {@link SecureRandom}, so about 60 random bits a code: unguessable, and a collision is so unlikely that the
 * database's unique constraint and one more draw take care of it.
 */
public class TicketCodes {

    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final int LENGTH = 12;

    private final SecureRandom random;

    public TicketCodes(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }
}
