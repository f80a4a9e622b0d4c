package io.concertsale.router;

import io.concertsale.eventkit.config.SaleApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;

/**
 * The bridge between CloudEvents and Zeebe. It keeps no state of its own (the engine holds the process state and
 * deduplicates messages by id), so the data source and Flyway that the event catalog brings are switched off.
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcClientAutoConfiguration.class, FlywayAutoConfiguration.class})
public class ZeebeCloudEventsRouterApplication {

    public static final String NAME = "zeebe-cloud-events-router";

    public static void main(String[] args) {
        SaleApplication.create(ZeebeCloudEventsRouterApplication.class, NAME).run(args);
    }
}
