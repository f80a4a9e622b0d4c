package io.concertsale.gateway.shop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.events.EventTypes;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.gateway.GatewayContract;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The browser API while the transaction of an event holds a session's row, as under load: looking at the session
 * does not wait for the row, and a command that cannot have it within the lock timeout (set short here, so a test
 * need not wait the configured ten seconds) is answered {@code 503} with {@code Retry-After}, having changed nothing.
 */
abstract class SessionRowLockContract extends GatewayContract {

    /** The lock timeout the subclasses give every connection of the gateway's pool. */
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);
    /** How long the subclasses let a request wait for a free connection of the pool (Hikari's default is 30 s). */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SessionService service;

    @Test
    void aFanSeesTheirSessionAtOnceWhileAnEventsTransactionHoldsItsRow() throws SQLException {
        String id = newSession();
        lastSeenLongAgo(id);

        HttpResponse<String> response;
        Duration took;
        try (Connection event = holdRow(id)) {
            long started = System.nanoTime();
            response = get("/api/sessions/" + id);
            took = Duration.ofNanos(System.nanoTime() - started);
            event.rollback();
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("stage").asString()).isEqualTo("NEW");
        assertThat(took).as("answered without waiting for the row").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void lookingAtASessionWhoseRowIsFreeRecordsActivityWithinTheWriteInterval() throws InterruptedException {
        String id = newSession();
        lastSeenLongAgo(id);

        session(id);

        // written with every other session's activity by the next write (gateway.sessions.activity-write-interval)
        Instant deadline = Instant.now().plus(WAIT);
        while (!lastSeen(id).isAfter(Instant.now().minus(Duration.ofMinutes(1)))) {
            assertThat(Instant.now()).as("the activity is written").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void theActivityOfManySessionsIsWrittenTogetherSkippingARowAnEventHolds() throws Exception {
        String held = newSession();
        String free = newSession();
        String recent = newSession();
        service.writeActivity(); // the activity their creation noted is written before the clock is set back
        lastSeenLongAgo(held);
        lastSeenLongAgo(free);
        Instant recently = jdbc.sql("SELECT last_seen_at FROM sale_session WHERE session_id = :id")
                .param("id", recent).query((rs, n) -> SqlTime.instant(rs, "last_seen_at")).single();

        try (Connection event = holdRow(held)) {
            service.touch(held);
            service.touch(free);
            service.touch(recent);
            service.writeActivity(); // or the periodic write that took them first: one write at a time
            event.rollback();
        }

        assertThat(lastSeen(free)).as("the free row").isAfter(Instant.now().minus(Duration.ofMinutes(1)));
        assertThat(lastSeen(held)).as("the held row, skipped").isBefore(Instant.now().minus(Duration.ofMinutes(5)));
        assertThat(lastSeen(recent)).as("seen within the granularity: not written again").isEqualTo(recently);
    }

    @Test
    void aCommandThatCannotHaveTheSessionsRowInTimeIsAnsweredBusyAndChangesNothing() throws SQLException {
        String id = newSession();

        HttpResponse<String> response;
        try (Connection event = holdRow(id)) {
            response = post("/api/sessions/" + id + "/queue", null);
            event.rollback();
        }

        assertProblem(response, 503, "busy");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(stage(id)).isEqualTo("NEW");
        join(id);
        emitted(EventTypes.QUEUE_CUSTOMER_JOINED, id);
        awaitOutboxEmpty();
        assertThat(emittedNow(EventTypes.QUEUE_CUSTOMER_JOINED, id)).as("only the join that was taken").hasSize(1);
        assertThat(stage(id)).isEqualTo("QUEUED");
    }

    @Test
    void aCommandThatFindsNoFreeConnectionInTimeIsAnsweredBusyAndChangesNothing() throws SQLException {
        String id = newSession();

        // what a storm of requests does to the pool (seen in a 10,000-fan sale: 778 waiting, answered 500): every
        // connection taken, here by the test itself
        List<Connection> taken = new ArrayList<>();
        HttpResponse<String> response;
        try {
            while (true) {
                try {
                    taken.add(dataSource.getConnection());
                } catch (SQLException e) {
                    break;
                }
            }
            response = post("/api/sessions/" + id + "/queue", null);
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }

        assertThat(taken).as("the pool had connections to take").isNotEmpty();
        assertProblem(response, 503, "busy");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(stage(id)).isEqualTo("NEW");
        join(id);
        assertThat(stage(id)).as("the same request again, once a connection is free").isEqualTo("QUEUED");
    }

    /** A transaction on its own connection that locks the session's row as an event's handler does. */
    private Connection holdRow(String id) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT session_id FROM sale_session WHERE session_id = ? FOR UPDATE")) {
            lock.setString(1, id);
            assertThat(lock.executeQuery().next()).isTrue();
        }
        return connection;
    }

    /** Last seen a minute ago: looking at the session again records activity (unless it is skipped). */
    private void lastSeenLongAgo(String id) {
        jdbc.sql("UPDATE sale_session SET last_seen_at = :then WHERE session_id = :id")
                .param("then", SqlTime.of(Instant.now().minus(Duration.ofMinutes(10)))).param("id", id).update();
    }

    private Instant lastSeen(String id) {
        return jdbc.sql("SELECT last_seen_at FROM sale_session WHERE session_id = :id").param("id", id)
                .query((rs, n) -> SqlTime.instant(rs, "last_seen_at")).single();
    }

    private void awaitOutboxEmpty() {
        Instant deadline = Instant.now().plus(WAIT);
        while (jdbc.sql("SELECT COUNT(*) FROM outbox_event").query(Long.class).single() > 0) {
            assertThat(Instant.now()).as("the outbox relayed everything").isBefore(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
