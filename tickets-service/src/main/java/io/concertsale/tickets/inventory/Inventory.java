package io.concertsale.tickets.inventory;

import io.concertsale.events.data.SaleOpened;
import io.concertsale.events.data.TicketAvailability;
import io.concertsale.events.data.TicketTypeSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The open sale and its ticket inventory. Tickets move between available, reserved and sold only through the
 * conditional updates here, so the counts never go below zero and never add up to more than the sale's total.
 */
@Service
public class Inventory {

    private static final Logger log = LoggerFactory.getLogger(Inventory.class);

    /** The most decimals a price may have (prices are kept to the cent). */
    static final int PRICE_SCALE = 2;

    private final InventoryStore store;

    public Inventory(InventoryStore store) {
        this.store = store;
    }

    /** What opening a sale did. */
    public enum Opening {
        /** The sale replaced the previous one, whose reservations, payments and tickets are gone. */
        OPENED,
        /** This sale is open already: nothing changed. */
        ALREADY_OPEN,
        /** A newer sale is open: this older announcement changed nothing. */
        STALE
    }

    /**
     * Opens the sale: its ticket types with all their tickets available. Replaces the previous sale and clears its
     * reservations, payments and tickets. The sale that is open already, or one opened before it, changes nothing.
     *
     * @throws InvalidSaleException when the sale cannot be opened as described
     */
    @Transactional
    public Opening open(SaleOpened opened) {
        validate(opened);
        Optional<Sale> current = store.currentSale();
        if (current.isPresent() && current.get().id().equals(opened.saleId())) {
            log.info("Sale {} is open already; the announcement changes nothing", opened.saleId());
            return Opening.ALREADY_OPEN;
        }
        if (current.isPresent() && opened.openedAt().isBefore(current.get().openedAt())) {
            log.warn("Ignoring sale {} opened at {}: sale {} was opened later, at {}", opened.saleId(),
                    opened.openedAt(), current.get().id(), current.get().openedAt());
            return Opening.STALE;
        }
        Sale sale = new Sale(opened.saleId(), opened.name(), opened.currency(), opened.maxTicketsPerCustomer(),
                opened.holdSeconds(), opened.openedAt());
        store.replaceSale(sale, opened.ticketTypes());
        log.info("Opened sale {} ({} tickets in {} types, at most {} per customer, held {} s){}", sale.id(),
                opened.ticketTypes().stream().mapToInt(TicketTypeSpec::quantity).sum(), opened.ticketTypes().size(),
                sale.maxTicketsPerCustomer(), sale.holdSeconds(),
                current.map(previous -> "; sale " + previous.id() + " and its reservations are cleared").orElse(""));
        return Opening.OPENED;
    }

    private static void validate(SaleOpened opened) {
        if (opened.ticketTypes().isEmpty()) {
            throw new InvalidSaleException("Sale " + opened.saleId() + " offers no ticket types");
        }
        Set<String> types = new HashSet<>();
        for (TicketTypeSpec type : opened.ticketTypes()) {
            if (!types.add(type.type())) {
                throw new InvalidSaleException("Sale " + opened.saleId() + " offers ticket type '" + type.type()
                        + "' twice");
            }
            if (type.price().stripTrailingZeros().scale() > PRICE_SCALE) {
                throw new InvalidSaleException("The price " + type.price().toPlainString() + " of ticket type '"
                        + type.type() + "' has more than " + PRICE_SCALE + " decimals");
            }
        }
    }

    public Optional<Sale> currentSale() {
        return store.currentSale();
    }

    public Optional<TicketType> type(String saleId, String type) {
        return store.type(saleId, type);
    }

    /** The sale's ticket types in the order the sale lists them. */
    public List<TicketType> types(String saleId) {
        return store.types(saleId);
    }

    /** The open sale's inventory, empty when no sale is open. */
    public List<TicketAvailability> availability() {
        return store.currentSale().map(sale -> store.types(sale.id()).stream().map(TicketType::availability).toList())
                .orElse(List.of());
    }

    /**
     * Moves {@code quantity} tickets from available to reserved, only if that many are available.
     *
     * @return false when fewer are available (nothing changed)
     */
    public boolean take(String saleId, String type, int quantity) {
        return store.take(saleId, type, quantity);
    }

    /** Moves a released hold's tickets from reserved back to available. */
    public void giveBack(String saleId, String type, int quantity) {
        requireOne(store.giveBack(saleId, type, quantity), saleId, type);
    }

    /** Moves a paid hold's tickets from reserved to sold. */
    public void sell(String saleId, String type, int quantity) {
        requireOne(store.sell(saleId, type, quantity), saleId, type);
    }

    private static void requireOne(int updated, String saleId, String type) {
        if (updated != 1) {
            throw new IllegalStateException("Ticket type " + type + " of sale " + saleId
                    + " does not hold the tickets it should; the change is rolled back");
        }
    }
}
