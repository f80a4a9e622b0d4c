package io.concertsale.payments.payment.web;

import io.concertsale.payments.payment.PaymentSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary JSON: every status with its count and amounts per currency.
 *
 * @param createdFrom the lower bound asked for (left out when none was)
 */
record PaymentSummaryResponse(Instant createdFrom, Map<String, StatusTotals> byStatus) {

    record StatusTotals(long count, Map<String, BigDecimal> amounts) {
    }

    static PaymentSummaryResponse of(PaymentSummary summary) {
        Map<String, StatusTotals> byStatus = new LinkedHashMap<>();
        summary.byStatus().forEach((status, totals) -> byStatus.put(status.name(),
                new StatusTotals(totals.count(), totals.amounts())));
        return new PaymentSummaryResponse(summary.createdFrom(), byStatus);
    }
}
