package io.concertsale.gateway.config;

import io.concertsale.eventkit.jdbc.SaleLock;
import io.concertsale.eventkit.outbox.CatalogFacts;
import io.concertsale.gateway.sale.SaleFacts;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Wires what both audiences share: the sale's facts port, stated through the event catalog, and how database errors
 * are told apart. The shop's ports are wired in {@code shop.ShopConfiguration}, the backoffice's clients in
 * {@code backoffice.BackofficeConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /**
     * Keeps a new sale apart from the work on the sale's rows (event batches, joins): on PostgreSQL an advisory lock
     * keyed by the schema, held across every instance; on H2 a lock in memory.
     */
    @Bean
    SaleLock saleLock(DataSource dataSource, @Value("${sale.db.schema}") String schema) throws SQLException {
        return SaleLock.forDatabase(dataSource, "frontend-gateway", schema, SaleLock.DEFAULT_TIMEOUT);
    }

    /** The facts about the sale as a whole, each record's type found in the event catalog. */
    @Bean
    SaleFacts saleFacts(CatalogFacts facts) {
        return facts::publish;
    }

    /**
     * Database errors by the database's own codes (Spring's table for H2 and PostgreSQL), for the auto-configured
     * {@code JdbcTemplate}: a lock timeout or a deadlock on PostgreSQL (55P03, 40P01) is a
     * {@link org.springframework.dao.PessimisticLockingFailureException} as on H2, where the default translation left
     * it uncategorized; the browser API answers it {@code 503 busy}.
     */
    @Bean
    SQLExceptionTranslator sqlExceptionTranslator(DataSource dataSource) {
        return new SQLErrorCodeSQLExceptionTranslator(dataSource);
    }
}
