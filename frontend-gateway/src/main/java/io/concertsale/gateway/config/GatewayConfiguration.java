package io.concertsale.gateway.config;

import io.concertsale.eventkit.outbox.CatalogFacts;
import io.concertsale.gateway.deadletter.DeadLetters;
import io.concertsale.gateway.deadletter.client.BrokerDeadLetters;
import io.concertsale.gateway.eventlog.EventLog;
import io.concertsale.gateway.eventlog.client.BrokerEventLog;
import io.concertsale.gateway.payment.CardTokenizer;
import io.concertsale.gateway.payment.client.HttpCardTokenizer;
import io.concertsale.gateway.process.ProcessModels;
import io.concertsale.gateway.process.client.RouterProcessModels;
import io.concertsale.gateway.sale.SaleFacts;
import io.concertsale.gateway.session.SessionFacts;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the clients of the payment provider, of the broker's event log and dead letters and of the router's process
 * models, how database errors are told apart, and the features' facts ports, stated through the event catalog.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /** The facts of customers' sessions, each record's type found in the event catalog. */
    @Bean
    SessionFacts sessionFacts(CatalogFacts facts) {
        return facts::publish;
    }

    /** The facts about the sale as a whole, each record's type found in the event catalog. */
    @Bean
    SaleFacts saleFacts(CatalogFacts facts) {
        return facts::publish;
    }

    @Bean
    CardTokenizer cardTokenizer(RestClient.Builder builder, GatewayProperties properties) {
        return new HttpCardTokenizer(builder, properties.payments().baseUrl(), properties.payments().timeout());
    }

    @Bean
    EventLog eventLog(GatewayProperties properties, AdminCredential admin, JsonMapper json) {
        return new BrokerEventLog(properties.broker().url(), properties.broker().timeout(), admin.authorization(),
                json);
    }

    @Bean
    DeadLetters deadLetters(GatewayProperties properties, AdminCredential admin, JsonMapper json) {
        return new BrokerDeadLetters(properties.broker().url(), properties.broker().timeout(), admin.authorization(),
                json);
    }

    @Bean
    ProcessModels processModels(GatewayProperties properties, AdminCredential admin, JsonMapper json) {
        return new RouterProcessModels(properties.router().url(), properties.router().timeout(),
                admin.authorization(), json);
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
