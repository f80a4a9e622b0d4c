package io.concertsale.broker;

import io.concertsale.eventkit.config.SaleApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;

/**
 * The Knative Broker contract on one machine. It keeps its deliveries in its own log on disk, not in a SQL database,
 * so the data source and Flyway are switched off even though the event kit brings them.
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcClientAutoConfiguration.class, FlywayAutoConfiguration.class})
public class LocalBrokerApplication {

    public static final String NAME = "local-broker";

    public static void main(String[] args) {
        SaleApplication.create(LocalBrokerApplication.class, NAME).run(args);
    }
}
