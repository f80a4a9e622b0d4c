package io.concertsale.eventkit.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventTypes;
import io.concertsale.events.InvalidEventException;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.QueueCustomerJoined;
import io.concertsale.events.schema.EventSchemas;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

/** The ingress's counters against a real database and real transactions: HANDLED counts only what committed. */
class ReceivedEventsTest {

    private static final SaleEvents GATEWAY = new SaleEvents(URI.create("urn:concertsale:frontend-gateway"));

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> handled = new ArrayList<>();
    private TransactionTemplate transactions;
    private EventIngress ingress;

    @BeforeEach
    void ingress() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/events/V1__event_infrastructure.sql")).execute(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        EventSubscriptions subscriptions = EventSubscriptions.builder()
                .on(EventTypes.QUEUE_CUSTOMER_JOINED, QueueCustomerJoined.class, event -> {
                    if (event.data().sessionId().startsWith("fail")) {
                        throw new IllegalStateException("the handler failed");
                    }
                    handled.add(event.data().sessionId());
                })
                .build();
        ingress = new EventIngress(subscriptions, new EventSchemas(),
                new ProcessedEventStore(new JdbcTemplate(dataSource), Clock.systemUTC()), transactions,
                new ReceivedEvents(registry, subscriptions.types()), 100, 1, EventIngress.DEFAULT_MAX_CLOCK_SKEW,
                Clock.systemUTC());
    }

    private double count(String type, String outcome) {
        return registry.get(ReceivedEvents.METER).tag("type", type).tag("outcome", outcome).counter().count();
    }

    private static CloudEvent joined(String sessionId) {
        return GATEWAY.journey(EventTypes.QUEUE_CUSTOMER_JOINED, sessionId, new QueueCustomerJoined(sessionId, Instant.now()));
    }

    @Test
    void everyConsumedTypeAndOutcomeIsRegisteredAtZeroBeforeTheFirstEvent() {
        assertThat(registry.find(ReceivedEvents.METER).counters()).hasSize(4);
        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "HANDLED")).isZero();
        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "DUPLICATE")).isZero();
        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "REJECTED")).isZero();
        assertThat(count(ReceivedEvents.OTHER_TYPE, "REJECTED")).isZero();
    }

    @Test
    void handledEventIsCountedOnce() {
        assertThat(ingress.accept(joined("s-1"))).isEqualTo(EventIngress.Outcome.HANDLED);

        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "HANDLED")).isEqualTo(1);
        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "DUPLICATE")).isZero();
    }

    @Test
    void redeliveredEventCountsAsDuplicate() {
        CloudEvent event = joined("s-2");
        ingress.accept(event);

        assertThat(ingress.accept(event)).isEqualTo(EventIngress.Outcome.DUPLICATE);

        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "HANDLED")).isEqualTo(1);
        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "DUPLICATE")).isEqualTo(1);
    }

    @Test
    void handledEventCountsOnlyWhenItsTransactionCommits() {
        transactions.executeWithoutResult(status -> {
            ingress.accept(joined("s-3"));
            assertThat(handled).containsExactly("s-3");
            assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "HANDLED")).as("before the commit").isZero();
        });

        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "HANDLED")).as("after the commit").isEqualTo(1);
    }

    @Test
    void handledEventWhoseTransactionRollsBackIsNotCounted() {
        transactions.executeWithoutResult(status -> {
            ingress.accept(joined("s-4"));
            status.setRollbackOnly();
        });

        assertThat(handled).containsExactly("s-4");
        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "HANDLED")).isZero();
    }

    @Test
    void failingHandlerCountsNothing() {
        assertThatThrownBy(() -> ingress.accept(joined("fail-1"))).hasMessageContaining("the handler failed");

        assertThat(registry.find(ReceivedEvents.METER).counters()).allSatisfy(counter ->
                assertThat(counter.count()).as(counter.getId().toString()).isZero());
    }

    @Test
    void invalidEventCountsAsRejectedOfItsType() {
        CloudEvent invalid = CloudEventBuilder.v1(joined("s-5")).withData(SaleEvents.JSON, "{}".getBytes()).build();

        assertThatThrownBy(() -> ingress.accept(invalid)).isInstanceOf(InvalidEventException.class);

        assertThat(count(EventTypes.QUEUE_CUSTOMER_JOINED, "REJECTED")).isEqualTo(1);
        assertThat(count(ReceivedEvents.OTHER_TYPE, "REJECTED")).isZero();
    }

    @Test
    void eventOfATypeNotConsumedCountsAsRejectedOfOtherTypeWithoutANewMeter() {
        CloudEvent foreign = CloudEventBuilder.v1(joined("s-6")).withType("Made.Up").build();

        assertThatThrownBy(() -> ingress.accept(foreign)).isInstanceOf(InvalidEventException.class);

        assertThat(count(ReceivedEvents.OTHER_TYPE, "REJECTED")).isEqualTo(1);
        assertThat(registry.find(ReceivedEvents.METER).tag("type", "Made.Up").counters()).isEmpty();
    }
}
