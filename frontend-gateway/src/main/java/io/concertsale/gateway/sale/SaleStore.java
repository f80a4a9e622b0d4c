package io.concertsale.gateway.sale;

import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.TicketAvailability;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the current sale is kept (the gateway serves one sale at a time) with its ticket types, its queue progress and
 * inventory, once for the whole sale.
 */
public interface SaleStore {

    Optional<Sale> current();

    Optional<QueueProgress> progress();

    /** Replaces whatever sale there was with this one. */
    void replace(Sale sale);

    /**
     * Inserts the sale when there is none.
     *
     * @return false when a sale exists already
     */
    boolean insertIfNone(Sale sale);

    void updateAdmission(AdmissionSettings admission);

    /**
     * Stores the progress when it is newer than the stored one.
     *
     * @return true when it was stored
     */
    boolean updateProgress(String saleId, QueueProgress progress);

    /**
     * Stores an inventory snapshot of the current sale when it is newer than the stored one.
     *
     * @return true when it was stored
     */
    boolean updateAvailability(String saleId, Instant at, List<TicketAvailability> types);

    /**
     * Marks the sale closed (once) when it is the current one: a close of a sale that a newer one replaced changes
     * nothing.
     *
     * @return true when the report concerns the current sale, whether it closed it now or it was closed already
     */
    boolean close(String saleId, Instant at);
}
