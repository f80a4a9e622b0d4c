package io.concertsale.gateway.shop.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a session is in the journey. The happy path runs {@code NEW} to {@code COMPLETED}; {@code ABANDONED},
 * {@code REJECTED} and {@code EXPIRED} are the exits. Terminal stages never change again.
 */
public enum Stage {
    NEW, QUEUED, ADMITTED, RESERVED, PAYMENT_PENDING, PAID, COMPLETED, ABANDONED, REJECTED, EXPIRED;

    /** Stages a customer may leave from (everything before the money is taken). */
    public static final Set<Stage> LEAVABLE = EnumSet.of(NEW, QUEUED, ADMITTED, RESERVED, PAYMENT_PENDING);

    /** Stages in which an idle session is abandoned (a pending payment is left to the tickets service's hold). */
    public static final Set<Stage> EXPIRES_WHEN_IDLE = EnumSet.of(NEW, QUEUED, ADMITTED, RESERVED);

    public boolean terminal() {
        return this == COMPLETED || this == ABANDONED || this == REJECTED || this == EXPIRED;
    }

    boolean in(Stage... stages) {
        for (Stage stage : stages) {
            if (this == stage) {
                return true;
            }
        }
        return false;
    }
}
