package io.concertsale.gateway.shop.session.store;

import io.concertsale.gateway.shop.session.JoinNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The join counter of the current sale in {@code sale_join_counter}: one row per sale, incremented in the transaction
 * that records a join. The row stays locked until that transaction ends, which is what orders the numbers by commit.
 */
@Repository
class JdbcJoinNumbers implements JoinNumbers {

    private final JdbcClient jdbc;

    JdbcJoinNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void start(String saleId) {
        jdbc.sql("DELETE FROM sale_join_counter").update();
        jdbc.sql("INSERT INTO sale_join_counter (sale_id, last_number) VALUES (:sale, 0)")
                .param("sale", saleId)
                .update();
    }

    @Override
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
