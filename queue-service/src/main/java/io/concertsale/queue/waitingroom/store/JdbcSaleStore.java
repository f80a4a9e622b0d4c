package io.concertsale.queue.waitingroom.store;

import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.queue.waitingroom.Sale;
import io.concertsale.queue.waitingroom.SaleStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one row that holds the current sale, its admission settings, counters and latest availability
 * ({@code queue_sale}), and the one row of the admission lease ({@code queue_ticker}). Taking the lease updates its
 * row, which stays locked until the transaction ends: a second pass waits for the first to end and then finds the
 * lease renewed.
 */
@Repository
class JdbcSaleStore implements SaleStore {

    private final JdbcClient jdbc;

    JdbcSaleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Sale current() {
        return jdbc.sql("""
                        SELECT sale_id, opened_at, hold_seconds, rate_per_second, max_active_shoppers, paused,
                               admission_updated_at, admitted_total, frontier, gap_since, gap_horizon, closed,
                               closed_at, tickets_available, tickets_reserved, availability_at
                        FROM queue_sale WHERE id = 1""")
                .query(JdbcSaleStore::sale)
                .single();
    }

    @Override
    public void open(String saleId, Instant openedAt, int holdSeconds, AdmissionSettings admission) {
        jdbc.sql("""
                        UPDATE queue_sale SET sale_id = :saleId, opened_at = :openedAt, hold_seconds = :hold,
                               rate_per_second = :rate, max_active_shoppers = :cap, paused = :paused,
                               admission_updated_at = :openedAt, admitted_total = 0,
                               frontier = 0, gap_since = NULL, gap_horizon = 0, closed = FALSE, closed_at = NULL,
                               tickets_available = NULL, tickets_reserved = NULL, availability_at = NULL
                        WHERE id = 1""")
                .param("saleId", saleId)
                .param("openedAt", SqlTime.of(openedAt))
                .param("hold", holdSeconds)
                .param("rate", admission.ratePerSecond())
                .param("cap", admission.maxActiveShoppers())
                .param("paused", admission.paused())
                .update();
    }

    @Override
    public boolean updateAdmission(String saleId, AdmissionSettings admission, Instant updatedAt) {
        return jdbc.sql("""
                        UPDATE queue_sale SET rate_per_second = :rate, max_active_shoppers = :cap, paused = :paused,
                               admission_updated_at = :updatedAt
                        WHERE id = 1 AND sale_id = :saleId AND admission_updated_at <= :updatedAt""")
                .param("rate", admission.ratePerSecond())
                .param("cap", admission.maxActiveShoppers())
                .param("paused", admission.paused())
                .param("updatedAt", SqlTime.of(updatedAt))
                .param("saleId", saleId)
                .update() == 1;
    }

    @Override
    public boolean recordAvailability(String saleId, long available, long reserved, Instant at) {
        return jdbc.sql("""
                        UPDATE queue_sale SET tickets_available = :available, tickets_reserved = :reserved,
                               availability_at = :at
                        WHERE id = 1 AND sale_id = :saleId AND (availability_at IS NULL OR availability_at <= :at)""")
                .param("available", available)
                .param("reserved", reserved)
                .param("at", SqlTime.of(at))
                .param("saleId", saleId)
                .update() == 1;
    }

    @Override
    public void addAdmitted(int count) {
        jdbc.sql("UPDATE queue_sale SET admitted_total = admitted_total + :count WHERE id = 1")
                .param("count", count)
                .update();
    }

    @Override
    public void moveFrontier(long frontier, Instant gapSince, long gapHorizon) {
        jdbc.sql("UPDATE queue_sale SET frontier = :frontier, gap_since = :since, gap_horizon = :horizon WHERE id = 1")
                .param("frontier", frontier)
                .param("since", SqlTime.of(gapSince))
                .param("horizon", gapHorizon)
                .update();
    }

    @Override
    public boolean holdLease(String holder, Instant now, Instant until) {
        return jdbc.sql("""
                        UPDATE queue_ticker SET holder = :holder, lease_until = :until
                        WHERE id = 1 AND (holder = :holder OR holder IS NULL OR lease_until < :now)""")
                .param("holder", holder)
                .param("until", SqlTime.of(until))
                .param("now", SqlTime.of(now))
                .update() == 1;
    }

    @Override
    public boolean leaseOpenTo(String holder, Instant now) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM queue_ticker
                        WHERE id = 1 AND (holder = :holder OR holder IS NULL OR lease_until < :now)""")
                .param("holder", holder)
                .param("now", SqlTime.of(now))
                .query(Long.class)
                .single() == 1;
    }

    @Override
    public void releaseLease(String holder) {
        jdbc.sql("UPDATE queue_ticker SET holder = NULL, lease_until = NULL WHERE id = 1 AND holder = :holder")
                .param("holder", holder)
                .update();
    }

    @Override
    public void close(Instant at) {
        jdbc.sql("UPDATE queue_sale SET closed = TRUE, closed_at = :at WHERE id = 1")
                .param("at", SqlTime.of(at))
                .update();
    }

    private static Sale sale(ResultSet rs, int row) throws SQLException {
        long available = rs.getLong("tickets_available");
        Long ticketsAvailable = rs.wasNull() ? null : available;
        long reserved = rs.getLong("tickets_reserved");
        Long ticketsReserved = rs.wasNull() ? null : reserved;
        return new Sale(
                rs.getString("sale_id"),
                SqlTime.instant(rs, "opened_at"),
                rs.getInt("hold_seconds"),
                rs.getDouble("rate_per_second"),
                rs.getInt("max_active_shoppers"),
                rs.getBoolean("paused"),
                SqlTime.instant(rs, "admission_updated_at"),
                rs.getLong("admitted_total"),
                rs.getLong("frontier"),
                SqlTime.instant(rs, "gap_since"),
                rs.getLong("gap_horizon"),
                rs.getBoolean("closed"),
                SqlTime.instant(rs, "closed_at"),
                ticketsAvailable,
                ticketsReserved,
                SqlTime.instant(rs, "availability_at"));
    }
}
