package io.concertsale.gateway.sale;

import io.concertsale.eventkit.jdbc.SaleLock;
import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.events.data.SaleAdmissionUpdated;
import io.concertsale.events.data.SaleOpened;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sale the gateway serves: opening it (which resets every service), admission settings, and the inventory and
 * queue progress that the other services report.
 */
@Service
public class SaleService {

    private static final Logger log = LoggerFactory.getLogger(SaleService.class);

    private final SaleStore sales;
    private final SaleFacts facts;
    private final TransactionTemplate transactions;
    private final SaleLock lock;
    private final ApplicationEventPublisher listeners;
    private final Clock clock;

    public SaleService(SaleStore sales, SaleFacts facts, TransactionTemplate transactions, SaleLock lock,
            ApplicationEventPublisher listeners, Clock clock) {
        this.sales = sales;
        this.facts = facts;
        this.transactions = transactions;
        this.lock = lock;
        this.listeners = listeners;
        this.clock = clock;
    }

    /**
     * Resets and opens a sale: the previous sale's sessions are cleared, and {@code Sale.Opened} tells the queue and
     * tickets services to clear theirs. All of it commits together, holding the sale lock alone: it waits for the
     * event batches and joins in progress, which share it, and they wait for it (a batch updates a session, then the
     * sale's row, where the reset takes them the other way round: without one lock first, the two deadlocked).
     */
    public Sale open(SaleSetup setup) {
        Sale sale = newSale(setup);
        transactions.executeWithoutResult(status -> {
            lock.excludeUntilCompletion();
            sales.replace(sale);
            announce(sale);
        });
        log.info("Opened sale {} ({}) with {} ticket types", sale.saleId(), sale.name(), sale.ticketTypes().size());
        return sale;
    }

    /**
     * Opens the sale unless one exists already (at start, from the default configuration). Safe when several
     * instances start at once: the sale row is a singleton, so only one insert wins.
     */
    public Optional<Sale> openIfNone(SaleSetup setup) {
        Sale sale = newSale(setup);
        Boolean opened;
        try {
            opened = transactions.execute(status -> {
                lock.excludeUntilCompletion();
                if (!sales.insertIfNone(sale)) {
                    return false;
                }
                announce(sale);
                return true;
            });
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(opened)) {
            log.info("Opened the default sale {} ({})", sale.saleId(), sale.name());
            return Optional.of(sale);
        }
        return Optional.empty();
    }

    /** Changes the admission rate, cap or pause of the running sale and tells the queue. */
    public Sale updateAdmission(AdmissionSettings admission) {
        return transactions.execute(status -> {
            Sale sale = sales.current().orElseThrow(
                    () -> new SaleNotOpenException(SaleStatus.NOT_OPEN, "No sale is open"));
            sales.updateAdmission(admission);
            facts.publish(new SaleAdmissionUpdated(sale.saleId(), admission, clock.instant()));
            log.info("Admission of sale {} set to {}/s, at most {} active shoppers, paused={}", sale.saleId(),
                    admission.ratePerSecond(), admission.maxActiveShoppers(), admission.paused());
            return sales.current().orElseThrow();
        });
    }

    public Optional<Sale> current() {
        return sales.current();
    }

    /** The current sale if customers may still join it. */
    public Sale requireOpen() {
        Sale sale = sales.current().orElseThrow(() -> new SaleNotOpenException(SaleStatus.NOT_OPEN, "No sale is open"));
        if (sale.closedAt() != null) {
            throw new SaleNotOpenException(SaleStatus.SOLD_OUT, "The sale is sold out");
        }
        return sale;
    }

    /** The waiting room's latest progress, {@link QueueProgress#NONE} before the first report. */
    public QueueProgress progress() {
        return sales.progress().orElse(QueueProgress.NONE);
    }

    /**
     * {@code Queue.Progressed}: kept once for the sale, never per session; older reports, and reports about a sale a
     * newer one replaced, are ignored.
     */
    public void progressed(QueueProgressed fact) {
        QueueProgress progress = new QueueProgress(fact.waiting(), fact.admittedTotal(), fact.activeShoppers(),
                fact.ratePerSecond(), fact.paused(), fact.at());
        lock.shareUntilCompletion();
        if (sales.updateProgress(fact.saleId(), progress)) {
            listeners.publishEvent(new QueueProgressChanged(progress));
        }
    }

    /** {@code Tickets.AvailabilityChanged}: the newest snapshot of the current sale wins. */
    public void availabilityChanged(TicketsAvailabilityChanged fact) {
        lock.shareUntilCompletion();
        if (!sales.updateAvailability(fact.saleId(), fact.at(), fact.ticketTypes())) {
            log.debug("Ignored an availability snapshot of sale {} at {}: not newer, or not the current sale",
                    fact.saleId(), fact.at());
        }
    }

    /**
     * {@code Queue.Closed}: the sale is sold out for good. The queue says it again for every fan whose join reaches
     * it after it closed, so a repeat still sends the waiting sessions away: a fan who joined while the first
     * report was being handled would otherwise wait for ever.
     *
     * @return true when it concerns the current sale (false for a late report about an earlier sale: the queue may
     *         close the old sale after the gateway opened the new one)
     */
    public boolean closed(QueueClosed fact) {
        Instant at = fact.closedAt() != null ? fact.closedAt() : clock.instant();
        lock.shareUntilCompletion();
        return sales.close(fact.saleId(), at);
    }

    private Sale newSale(SaleSetup setup) {
        List<TicketTypeState> types = setup.ticketTypes().stream()
                .map(type -> new TicketTypeState(type.type(), type.name() != null ? type.name() : type.type(),
                        type.price(), type.quantity(), type.quantity(), 0, 0))
                .toList();
        return new Sale(UUID.randomUUID().toString(), setup.name(), setup.currency(), setup.maxTicketsPerCustomer(),
                setup.holdSeconds(), setup.admission(), clock.instant(), null, null, types, QueueProgress.NONE);
    }

    private void announce(Sale sale) {
        listeners.publishEvent(new SaleReset(sale.saleId()));
        List<TicketTypeSpec> types = sale.ticketTypes().stream()
                .map(type -> new TicketTypeSpec(type.type(), type.name(), type.price(), type.total()))
                .toList();
        facts.publish(new SaleOpened(sale.saleId(), sale.name(), sale.currency(), types, sale.maxTicketsPerCustomer(),
                sale.holdSeconds(), sale.admission(), sale.openedAt()));
    }
}
