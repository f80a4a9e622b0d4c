package io.concertsale.tickets.inventory;

import io.concertsale.events.data.TicketTypeSpec;
import java.util.List;
import java.util.Optional;

/**
 * Where the open sale and its ticket types are kept. Taking, giving back and selling tickets are each one conditional
 * change, so tickets are never oversold and never counted twice.
 */
public interface InventoryStore {

    /** The sale opened last, if any. */
    Optional<Sale> currentSale();

    /** Deletes every sale (and everything that belongs to it) and stores the new one with its ticket types. */
    void replaceSale(Sale sale, List<TicketTypeSpec> types);

    /** The sale's ticket types, in the order the sale lists them. */
    List<TicketType> types(String saleId);

    Optional<TicketType> type(String saleId, String type);

    /**
     * Moves {@code quantity} tickets from available to reserved, in one conditional change: two takers never share
     * the same tickets.
     *
     * @return false when fewer are available (nothing changed)
     */
    boolean take(String saleId, String type, int quantity);

    /**
     * Moves {@code quantity} reserved tickets back to available.
     *
     * @return how many ticket types changed: 0 when fewer are reserved (nothing changed), else 1
     */
    int giveBack(String saleId, String type, int quantity);

    /**
     * Moves {@code quantity} reserved tickets to sold.
     *
     * @return how many ticket types changed: 0 when fewer are reserved (nothing changed), else 1
     */
    int sell(String saleId, String type, int quantity);
}
