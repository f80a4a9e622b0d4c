package io.concertsale.gateway.sale.store;

import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.TicketAvailability;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.gateway.sale.QueueProgress;
import io.concertsale.gateway.sale.Sale;
import io.concertsale.gateway.sale.SaleStore;
import io.concertsale.gateway.sale.TicketTypeState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The current sale in the {@code sale} table (a single row, id 1: the gateway serves one sale at a time) and its
 * ticket types in {@code sale_ticket_type}. Queue progress and inventory are kept here once for the whole sale.
 */
@Repository
class JdbcSaleStore implements SaleStore {

    private static final int ROW = 1;

    private final JdbcClient jdbc;

    JdbcSaleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Sale> current() {
        return jdbc.sql("SELECT * FROM sale WHERE id = :row").param("row", ROW)
                .query((rs, n) -> sale(rs)).optional()
                .map(found -> found.withTicketTypes(ticketTypes(found.saleId())));
    }

    @Override
    public Optional<QueueProgress> progress() {
        return jdbc.sql("SELECT * FROM sale WHERE id = :row").param("row", ROW)
                .query((rs, n) -> progress(rs)).optional();
    }

    @Override
    public void replace(Sale sale) {
        jdbc.sql("DELETE FROM sale_ticket_type").update();
        jdbc.sql("DELETE FROM sale").update();
        insert(sale);
    }

    @Override
    public boolean insertIfNone(Sale sale) {
        if (jdbc.sql("SELECT COUNT(*) FROM sale").query(Long.class).single() > 0) {
            return false;
        }
        insert(sale);
        return true;
    }

    private void insert(Sale sale) {
        jdbc.sql("""
                        INSERT INTO sale (id, sale_id, name, currency, max_tickets_per_customer, hold_seconds,
                          rate_per_second, max_active_shoppers, paused, opened_at,
                          waiting, admitted_total, active_shoppers)
                        VALUES (:row, :saleId, :name, :currency, :max, :hold, :rate, :cap, :paused, :openedAt, 0, 0, 0)""")
                .param("row", ROW)
                .param("saleId", sale.saleId())
                .param("name", sale.name())
                .param("currency", sale.currency())
                .param("max", sale.maxTicketsPerCustomer())
                .param("hold", sale.holdSeconds())
                .param("rate", sale.admission().ratePerSecond())
                .param("cap", sale.admission().maxActiveShoppers())
                .param("paused", sale.admission().paused())
                .param("openedAt", SqlTime.of(sale.openedAt()))
                .update();
        int ordinal = 0;
        for (TicketTypeState type : sale.ticketTypes()) {
            jdbc.sql("""
                            INSERT INTO sale_ticket_type (sale_id, type, ordinal, name, price, total, available, reserved, sold)
                            VALUES (:saleId, :type, :ordinal, :name, :price, :total, :available, :reserved, :sold)""")
                    .param("saleId", sale.saleId())
                    .param("type", type.type())
                    .param("ordinal", ordinal++)
                    .param("name", type.name())
                    .param("price", type.price())
                    .param("total", type.total())
                    .param("available", type.available())
                    .param("reserved", type.reserved())
                    .param("sold", type.sold())
                    .update();
        }
    }

    @Override
    public void updateAdmission(AdmissionSettings admission) {
        jdbc.sql("""
                        UPDATE sale SET rate_per_second = :rate, max_active_shoppers = :cap, paused = :paused
                        WHERE id = :row""")
                .param("rate", admission.ratePerSecond())
                .param("cap", admission.maxActiveShoppers())
                .param("paused", admission.paused())
                .param("row", ROW)
                .update();
    }

    @Override
    public boolean updateProgress(String saleId, QueueProgress progress) {
        return jdbc.sql("""
                        UPDATE sale SET waiting = :waiting, admitted_total = :admitted, active_shoppers = :active,
                          progress_rate = :rate, progress_paused = :paused, progress_at = :at
                        WHERE id = :row AND sale_id = :saleId AND (progress_at IS NULL OR progress_at < :at)""")
                .param("saleId", saleId)
                .param("waiting", progress.waiting())
                .param("admitted", progress.admittedTotal())
                .param("active", progress.activeShoppers())
                .param("rate", progress.ratePerSecond())
                .param("paused", progress.paused())
                .param("at", SqlTime.of(progress.at()))
                .param("row", ROW)
                .update() == 1;
    }

    @Override
    public boolean updateAvailability(String saleId, Instant at, List<TicketAvailability> types) {
        int claimed = jdbc.sql("""
                        UPDATE sale SET availability_at = :at
                        WHERE id = :row AND sale_id = :saleId AND (availability_at IS NULL OR availability_at < :at)""")
                .param("at", SqlTime.of(at))
                .param("row", ROW)
                .param("saleId", saleId)
                .update();
        if (claimed == 0) {
            return false;
        }
        for (TicketAvailability type : types) {
            jdbc.sql("""
                            UPDATE sale_ticket_type SET total = :total, available = :available, reserved = :reserved,
                              sold = :sold
                            WHERE sale_id = :saleId AND type = :type""")
                    .param("total", type.total())
                    .param("available", type.available())
                    .param("reserved", type.reserved())
                    .param("sold", type.sold())
                    .param("saleId", saleId)
                    .param("type", type.type())
                    .update();
        }
        return true;
    }

    @Override
    public boolean close(String saleId, Instant at) {
        jdbc.sql("UPDATE sale SET closed_at = :at WHERE id = :row AND sale_id = :saleId AND closed_at IS NULL")
                .param("at", SqlTime.of(at))
                .param("row", ROW)
                .param("saleId", saleId)
                .update();
        return jdbc.sql("SELECT COUNT(*) FROM sale WHERE id = :row AND sale_id = :saleId AND closed_at IS NOT NULL")
                .param("row", ROW)
                .param("saleId", saleId)
                .query(Long.class).single() == 1;
    }

    private List<TicketTypeState> ticketTypes(String saleId) {
        return jdbc.sql("SELECT * FROM sale_ticket_type WHERE sale_id = :saleId ORDER BY ordinal")
                .param("saleId", saleId)
                .query((rs, n) -> new TicketTypeState(rs.getString("type"), rs.getString("name"),
                        rs.getBigDecimal("price"), rs.getInt("total"), rs.getInt("available"), rs.getInt("reserved"),
                        rs.getInt("sold")))
                .list();
    }

    private static Sale sale(ResultSet rs) throws SQLException {
        return new Sale(rs.getString("sale_id"), rs.getString("name"), rs.getString("currency"),
                rs.getInt("max_tickets_per_customer"), rs.getInt("hold_seconds"),
                new AdmissionSettings(rs.getDouble("rate_per_second"), rs.getInt("max_active_shoppers"),
                        rs.getBoolean("paused")),
                SqlTime.instant(rs, "opened_at"), SqlTime.instant(rs, "closed_at"),
                SqlTime.instant(rs, "availability_at"), List.of(), progress(rs));
    }

    private static QueueProgress progress(ResultSet rs) throws SQLException {
        Instant at = SqlTime.instant(rs, "progress_at");
        if (at == null) {
            return QueueProgress.NONE;
        }
        return new QueueProgress(rs.getLong("waiting"), rs.getLong("admitted_total"), rs.getLong("active_shoppers"),
                rs.getDouble("progress_rate"), rs.getBoolean("progress_paused"), at);
    }
}
