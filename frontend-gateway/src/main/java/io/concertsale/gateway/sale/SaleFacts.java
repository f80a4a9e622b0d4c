package io.concertsale.gateway.sale;

import io.concertsale.eventkit.outbox.Facts;

/**
 * The facts about the sale as a whole ({@code SaleOpened}, {@code SaleAdmissionUpdated}): the event catalog says
 * which type each is. Stated inside the transaction that changed the sale, they leave as events once it commits, and
 * never when it rolls back.
 */
@FunctionalInterface
public interface SaleFacts extends Facts {
}
