package io.concertsale.payments.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a merchant's dashboard shows: how many payments are in each status and what they amount to, per currency.
 * The provider knows amounts, not what was bought with them.
 *
 * @param createdFrom only payments created at or after this instant count; null: every payment
 * @param byStatus every status, with zero payments where there are none
 */
public record PaymentSummary(Instant createdFrom, Map<PaymentStatus, Totals> byStatus) {

    /**
     * @param count how many payments
     * @param amounts their sum per currency (ISO 4217 code), only currencies that occur
     */
    public record Totals(long count, Map<String, BigDecimal> amounts) {

        static final Totals NONE = new Totals(0, Map.of());
    }

    /**
     * One group of payments as the store counts them.
     *
     * @param amount the sum of their amounts
     */
    public record Group(PaymentStatus status, String currency, long count, BigDecimal amount) {
    }

    /** Adds the groups up by status. */
    public static PaymentSummary of(Instant createdFrom, List<Group> groups) {
        Map<PaymentStatus, Totals> byStatus = new EnumMap<>(PaymentStatus.class);
        for (PaymentStatus status : PaymentStatus.values()) {
            long count = 0;
            Map<String, BigDecimal> amounts = new TreeMap<>();
            for (Group group : groups) {
                if (group.status() == status) {
                    count += group.count();
                    amounts.merge(group.currency(), group.amount(), BigDecimal::add);
                }
            }
            byStatus.put(status, count == 0 ? Totals.NONE : new Totals(count, Collections.unmodifiableMap(amounts)));
        }
        return new PaymentSummary(createdFrom, Collections.unmodifiableMap(byStatus));
    }
}
