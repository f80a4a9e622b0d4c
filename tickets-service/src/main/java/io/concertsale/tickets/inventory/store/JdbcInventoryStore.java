package io.concertsale.tickets.inventory.store;

import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.tickets.inventory.InventoryStore;
import io.concertsale.tickets.inventory.Sale;
import io.concertsale.tickets.inventory.TicketType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The open sale and its ticket types, in the {@code sale} and {@code ticket_type} tables. */
@Repository
class JdbcInventoryStore implements InventoryStore {

    private final JdbcClient jdbc;

    JdbcInventoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Sale> currentSale() {
        return jdbc.sql("""
                        SELECT id, name, currency, max_tickets_per_customer, hold_seconds, opened_at FROM sale
                        ORDER BY opened_at DESC FETCH FIRST 1 ROWS ONLY""")
                .query(JdbcInventoryStore::sale).optional();
    }

    @Override
    public void replaceSale(Sale sale, List<TicketTypeSpec> types) {
        jdbc.sql("DELETE FROM sale").update();
        jdbc.sql("""
                        INSERT INTO sale (id, name, currency, max_tickets_per_customer, hold_seconds, opened_at)
                        VALUES (:id, :name, :currency, :max, :hold, :openedAt)""")
                .param("id", sale.id())
                .param("name", sale.name())
                .param("currency", sale.currency())
                .param("max", sale.maxTicketsPerCustomer())
                .param("hold", sale.holdSeconds())
                .param("openedAt", SqlTime.of(sale.openedAt()))
                .update();
        int position = 0;
        for (TicketTypeSpec type : types) {
            jdbc.sql("""
                            INSERT INTO ticket_type (sale_id, type, name, price, position, total, available, reserved, sold)
                            VALUES (:sale, :type, :name, :price, :position, :quantity, :quantity, 0, 0)""")
                    .param("sale", sale.id())
                    .param("type", type.type())
                    .param("name", type.name())
                    .param("price", type.price())
                    .param("position", position++)
                    .param("quantity", type.quantity())
                    .update();
        }
    }

    @Override
    public List<TicketType> types(String saleId) {
        return jdbc.sql("SELECT * FROM ticket_type WHERE sale_id = :sale ORDER BY position")
                .param("sale", saleId).query(JdbcInventoryStore::ticketType).list();
    }

    @Override
    public Optional<TicketType> type(String saleId, String type) {
        return jdbc.sql("SELECT * FROM ticket_type WHERE sale_id = :sale AND type = :type")
                .param("sale", saleId).param("type", type).query(JdbcInventoryStore::ticketType).optional();
    }

    @Override
    public boolean take(String saleId, String type, int quantity) {
        return jdbc.sql("""
                        UPDATE ticket_type SET available = available - :q, reserved = reserved + :q
                        WHERE sale_id = :sale AND type = :type AND available >= :q""")
                .param("q", quantity).param("sale", saleId).param("type", type).update() == 1;
    }

    @Override
    public int giveBack(String saleId, String type, int quantity) {
        return jdbc.sql("""
                        UPDATE ticket_type SET available = available + :q, reserved = reserved - :q
                        WHERE sale_id = :sale AND type = :type AND reserved >= :q""")
                .param("q", quantity).param("sale", saleId).param("type", type).update();
    }

    @Override
    public int sell(String saleId, String type, int quantity) {
        return jdbc.sql("""
                        UPDATE ticket_type SET sold = sold + :q, reserved = reserved - :q
                        WHERE sale_id = :sale AND type = :type AND reserved >= :q""")
                .param("q", quantity).param("sale", saleId).param("type", type).update();
    }

    private static Sale sale(ResultSet rs, int row) throws SQLException {
        return new Sale(rs.getString("id"), rs.getString("name"), rs.getString("currency"),
                rs.getInt("max_tickets_per_customer"), rs.getInt("hold_seconds"), SqlTime.instant(rs, "opened_at"));
    }

    private static TicketType ticketType(ResultSet rs, int row) throws SQLException {
        return new TicketType(rs.getString("sale_id"), rs.getString("type"), rs.getString("name"),
                rs.getBigDecimal("price"), rs.getInt("total"), rs.getInt("available"), rs.getInt("reserved"),
                rs.getInt("sold"));
    }
}
