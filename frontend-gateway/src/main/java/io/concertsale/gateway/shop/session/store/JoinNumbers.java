package io.concertsale.gateway.shop.session.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The join counter of the current sale in {@code sale_join_counter}: one row per sale, incremented in the transaction
 * that records a join. The row stays locked until that transaction ends, so joins take their numbers in the order
 * they commit: a join acknowledged before another join is sent has the lower number, and a join that rolls back gives
 * its number back, so a sale's numbers run 1, 2, 3 ... without gaps or duplicates.
 */
@Repository
public class JoinNumbers {

    private final JdbcClient jdbc;

    public JoinNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new sale numbers its joins from 1; the counters of earlier sales go (in the transaction that opens it). */
    public void start(String saleId) {
        jdbc.sql("DELETE FROM sale_join_counter").update();
        jdbc.sql("INSERT INTO sale_join_counter (sale_id, last_number) VALUES (:sale, 0)")
                .param("sale", saleId)
                .update();
    }

    /**
     * Takes the sale's next join number in the caller's transaction, which holds the counter's row lock until it ends.
     *
     * @throws IllegalStateException when the sale has no counter (it is not the current sale)
     */
    public long next(String saleId) {
        int counted = jdbc.sql("UPDATE sale_join_counter SET last_number = last_number + 1 WHERE sale_id = :sale")
                .param("sale", saleId)
                .update();
        if (counted != 1) {
            throw new IllegalStateException("Sale " + saleId + " has no join counter: it is not the current sale");
        }
        return jdbc.sql("SELECT last_number FROM sale_join_counter WHERE sale_id = :sale")
                .param("sale", saleId)
                .query(Long.class)
                .single();
    }
}
