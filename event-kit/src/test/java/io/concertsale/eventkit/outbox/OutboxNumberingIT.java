package io.concertsale.eventkit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.eventkit.test.RecordingSink;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox on an H2 file database whose numbering fell behind its rows, as H2 may leave it when the process is
 * killed: the service starts again, emits, and every event goes out.
 */
class OutboxNumberingIT {

    private static final SaleEvents QUEUE = new SaleEvents(URI.create("urn:concertsale:queue-service"));

    @TempDir
    Path folder;
    private final RecordingSink sink = new RecordingSink();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
        sink.close();
    }

    private ConfigurableApplicationContext start(URI sink) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OutboxTestApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.config.name=event-kit", "--spring.application.name=outbox-test",
                        "--sale.db.h2-location=file:" + folder.resolve("outbox").toAbsolutePath(),
                        "--sale.events.sink=" + sink);
        started.add(context);
        return context;
    }

    private static CloudEvent queued(String session) {
        return QUEUE.journey(EventTypes.QUEUE_CUSTOMER_QUEUED, session, new QueueCustomerQueued(session, 1, 1, 0, 0));
    }

    @Test
    void anEventEmittedAfterTheNumberingFellBehindTheOutboxGetsAHigherNumberAndEveryEventIsSent()
            throws SQLException {
        // the broker is down: the events stay in the outbox
        ConfigurableApplicationContext before = start(URI.create("http://127.0.0.1:9/default/default"));
        List<CloudEvent> waiting = List.of(queued("s-1"), queued("s-2"), queued("s-3"));
        waiting.forEach(before.getBean(EventPublisher.class)::publish);
        before.close();
        // the numbering back at 1, behind the three rows
        try (Connection connection = DriverManager.getConnection(
                before.getEnvironment().getProperty("spring.datasource.url"), "sa", "")) {
            connection.createStatement().execute("ALTER TABLE outbox_event ALTER COLUMN seq RESTART WITH 1");
        }

        ConfigurableApplicationContext after = start(sink.uri());
        JdbcClient jdbc = after.getBean(JdbcClient.class);
        long highest = jdbc.sql("SELECT MAX(seq) FROM outbox_event").query(Long.class).single();
        CloudEvent next = queued("s-4");
        after.getBean(EventPublisher.class).publish(next);

        assertThat(jdbc.sql("SELECT seq FROM outbox_event WHERE event_id = :id").param("id", next.getId())
                .query(Long.class).optional()).hasValueSatisfying(seq -> assertThat(seq).isGreaterThan(highest));
        for (CloudEvent event : List.of(waiting.get(0), waiting.get(1), waiting.get(2), next)) {
            sink.await(sent -> sent.getId().equals(event.getId()), Duration.ofSeconds(30));
        }
    }

    @SpringBootApplication
    static class OutboxTestApplication {
    }
}
