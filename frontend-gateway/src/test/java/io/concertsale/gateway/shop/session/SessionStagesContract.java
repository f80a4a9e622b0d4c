package io.concertsale.gateway.shop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.data.CustomerFollowUpBooked;
import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.NotificationsRequested;
import io.concertsale.events.data.PaymentsMoneyTransferRequested;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.events.data.TicketAvailability;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsEmitted;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReservationTimedOut;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestIdentity;
import io.concertsale.gateway.GatewayContract;
import io.concertsale.gateway.test.SessionSocket;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** How facts move a session: out of order, twice, concurrently, after the end, and all waiting sessions at once. */
abstract class SessionStagesContract extends GatewayContract {

    @Autowired
    JdbcClient jdbc;

    long version(String id) {
        return jdbc.sql("SELECT version FROM sale_session WHERE session_id = :id").param("id", id)
                .query(Long.class).single();
    }

    @Test
    void lateFactsNeverMoveASessionBackwards() {
        String id = newSession();
        join(id);
        event(exited(id, "t"));

        event(queued(id, 3, 3, 0));
        assertThat(stage(id)).isEqualTo("ADMITTED");

        event(reserved(id));
        event(exited(id, "t-again"));
        event(queued(id, 4, 4, 0));
        assertThat(stage(id)).isEqualTo("RESERVED");
    }

    @Test
    void factsThatArriveBeforeTheirPredecessorsStillMoveForward() {
        String id = newSession();
        join(id);

        event(reserved(id));
        assertThat(stage(id)).as("reserved before the admission arrived").isEqualTo("RESERVED");
        event(exited(id, "t"));
        assertThat(stage(id)).isEqualTo("RESERVED");

        event(issued(id));
        event(paymentAuthorized(id, "p-" + id));
        JsonNode session = session(id);
        assertThat(session.path("stage").asString()).isEqualTo("COMPLETED");
        assertThat(session.path("tickets")).hasSize(2);
    }

    @Test
    void redeliveredEventIsAcknowledgedAsDuplicateWithoutEffect() {
        String id = admittedSession();
        CloudEvent reserved = reserved(id);
        event(reserved);
        long version = version(id);

        HttpResponse<String> again = CloudEventRequests.structured(events(), reserved, TestIdentity.delivery());

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("X-Event-Outcome")).hasValue("DUPLICATE");
        assertThat(version(id)).isEqualTo(version);
    }

    @Test
    void sameFactUnderAnotherIdChangesNothing() {
        String id = reservedSession();
        long version = version(id);

        HttpResponse<String> again = event(reserved(id));

        assertThat(again.headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(version(id)).isEqualTo(version);
        event(exited(id, "token-" + id));
        event(queued(id, 1, 1, 0));
        assertThat(version(id)).isEqualTo(version);
    }

    @Test
    void terminalStagesStick() {
        String abandoned = admittedSession();
        assertThat(delete("/api/sessions/" + abandoned + "/queue").statusCode()).isEqualTo(202);
        event(reserved(abandoned));
        event(issued(abandoned));
        assertThat(stage(abandoned)).as("a late reservation after leaving").isEqualTo("ABANDONED");

        String completed = reservedSession();
        event(issued(completed));
        event(expired(completed, "HOLD_EXPIRED"));
        event(paymentAuthorized(completed, "p-" + completed));
        assertThat(stage(completed)).isEqualTo("COMPLETED");

        String expired = reservedSession();
        event(expired(expired, "HOLD_EXPIRED"));
        event(paymentAuthorized(expired, "p-" + expired));
        event(issued(expired));
        JsonNode session = session(expired);
        assertThat(session.path("stage").asString()).isEqualTo("EXPIRED");
        assertThat(session.path("exit").path("reason").asString()).isEqualTo("HOLD_EXPIRED");
        assertThat(session.has("tickets")).isFalse();
    }

    @Test
    void reservationThatRunsOutOrIsTimedOutEndsTheSession() {
        String expired = reservedSession();
        event(expired(expired, "HOLD_EXPIRED"));
        assertThat(session(expired).path("exit").path("retryable").asBoolean(true)).isFalse();
        assertThat(stage(expired)).isEqualTo("EXPIRED");

        String timedOut = reservedSession();
        payByCard(timedOut, "4111111111111111");
        event(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, timedOut,
                new TicketsReservationTimedOut(timedOut, "r-" + timedOut)));
        JsonNode session = session(timedOut);
        assertThat(session.path("stage").asString()).isEqualTo("EXPIRED");
        assertThat(session.path("exit").path("reason").asString()).isEqualTo("TIMED_OUT");

        String other = reservedSession();
        event(TICKETS.journey(EventTypes.TICKETS_RESERVATION_EXPIRED, other,
                new TicketsReservationExpired(other, "another-reservation", "STANDING", 2, "HOLD_EXPIRED")));
        assertThat(stage(other)).as("expiry of another reservation").isEqualTo("RESERVED");
    }

    @Test
    void factAboutAnotherSessionFromAnotherProducerOrFromTheFutureChangesNothing() {
        String victim = reservedSession();
        String attacker = newSession();

        assertProblem(CloudEventRequests.delivered(events(), ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT,
                attacker, new TicketsReservationTimedOut(victim, "r-" + victim))), 400, "invalid-data");
        assertProblem(CloudEventRequests.delivered(events(), QUEUE.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT,
                victim, new TicketsReservationTimedOut(victim, "r-" + victim))), 400, "source-not-producer");
        assertProblem(CloudEventRequests.delivered(events(), io.cloudevents.core.builder.CloudEventBuilder.v1(
                ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, victim,
                        new TicketsReservationTimedOut(victim, "r-" + victim)))
                .withTime(OffsetDateTime.now(ZoneOffset.UTC).plusDays(365)).build()), 400, "event-from-the-future");
        event(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, attacker,
                new TicketsReservationTimedOut(attacker, "r-" + victim)));

        assertThat(stage(victim)).isEqualTo("RESERVED");
    }

    @Test
    void retryableRejectionKeepsTheCustomerAdmittedAndAFinalOneRejects() {
        String id = admittedSession();

        event(rejected(id, "NOT_ENOUGH_AVAILABLE", true));
        JsonNode retry = session(id);
        assertThat(retry.path("stage").asString()).isEqualTo("ADMITTED");
        assertThat(retry.path("exit").path("reason").asString()).isEqualTo("NOT_ENOUGH_AVAILABLE");
        assertThat(retry.path("exit").path("retryable").asBoolean()).isTrue();

        assertThat(post("/api/sessions/" + id + "/reservation", "{\"ticketType\":\"STANDING\",\"quantity\":1}")
                .statusCode()).isEqualTo(202);
        assertThat(session(id).has("exit")).as("a new request clears the last rejection").isFalse();

        event(rejected(id, "SOLD_OUT", false));
        JsonNode rejected = session(id);
        assertThat(rejected.path("stage").asString()).isEqualTo("REJECTED");
        assertThat(rejected.path("exit").path("retryable").asBoolean(true)).isFalse();
        event(reserved(id));
        assertThat(stage(id)).isEqualTo("REJECTED");
    }

    @Test
    void fanWhoseJoinCrossedTheCloseIsSentAwayByTheQueuesRepeatedClose() {
        assertThat(admin("PUT", "/api/admin/sale", SALE).statusCode()).isEqualTo(200);
        try {
            String late = newSession();
            join(late);
            // the first close was handled while this fan's join was still in flight: it did not see the fan waiting
            jdbc.sql("UPDATE sale SET closed_at = :now").param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();

            event(QUEUE.broadcast(EventTypes.QUEUE_CLOSED, new QueueClosed(currentSaleId(), "SOLD_OUT", 1, Instant.now())));

            assertThat(stage(late)).isEqualTo("REJECTED");
        } finally {
            assertThat(admin("PUT", "/api/admin/sale", SALE).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void queueClosedRejectsEveryWaitingSessionInOneGoAndPushesIt() {
        assertThat(admin("PUT", "/api/admin/sale", SALE).statusCode()).isEqualTo(200);
        try {
            List<String> waiting = IntStream.range(0, 3).mapToObj(i -> newSession()).toList();
            waiting.forEach(this::join);
            String admitted = admittedSession();
            String fresh = newSession();

            try (SessionSocket socket = socket(waiting.getFirst())) {
                socket.awaitStage("QUEUED", WAIT);
                event(QUEUE.broadcast(EventTypes.QUEUE_CLOSED, new QueueClosed(currentSaleId(), "SOLD_OUT", 3, Instant.now())));

                JsonNode pushed = socket.awaitStage("REJECTED", WAIT);
                assertThat(pushed.path("exit").path("reason").asString()).isEqualTo("SOLD_OUT");
            }
            for (String id : waiting) {
                JsonNode session = session(id);
                assertThat(session.path("stage").asString()).isEqualTo("REJECTED");
                assertThat(session.path("exit").path("message").asString()).contains("Sold out");
            }
            assertThat(stage(admitted)).isEqualTo("ADMITTED");
            assertThat(stage(fresh)).isEqualTo("NEW");
            assertThat(json(get("/api/sale")).path("status").asString()).isEqualTo("SOLD_OUT");
            HttpResponse<String> closed = post("/api/sessions/" + fresh + "/queue", null);
            assertProblem(closed, 409, "sold-out");
            assertThat(json(closed).path("saleStatus").asString()).isEqualTo("SOLD_OUT");
        } finally {
            assertThat(admin("PUT", "/api/admin/sale", SALE).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void queueClosedOfTheSaleThisOneReplacedIsIgnoredEvenWhenItIsNewer() {
        String previousSale = currentSaleId();
        assertThat(admin("PUT", "/api/admin/sale", SALE).statusCode()).isEqualTo(200);
        try {
            String id = newSession();
            join(id);

            // the queue closed the previous sale after the gateway opened this one: it had not seen Sale.Opened yet
            event(QUEUE.broadcast(EventTypes.QUEUE_CLOSED, new QueueClosed(previousSale, "SOLD_OUT", 1,
                    Instant.now())));
            event(QUEUE.broadcast(EventTypes.QUEUE_PROGRESSED, new QueueProgressed(previousSale, 0, 4000, 0, 200,
                    false, Instant.now())));

            assertThat(stage(id)).isEqualTo("QUEUED");
            assertThat(json(get("/api/sale")).path("status").asString()).isEqualTo("OPEN");
            assertThat(json(admin("GET", "/api/admin/sale", null)).path("admittedTotal").asLong()).isZero();
            join(newSession());
        } finally {
            assertThat(admin("PUT", "/api/admin/sale", SALE).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void messagesFromTheProcessAreShownAndOneOffsOnlyOnce() {
        String id = reservedSession();

        event(ROUTER.journey(EventTypes.NOTIFICATIONS_REQUESTED, id,
                new NotificationsRequested(id, "PAYMENT_REMINDER", "Your tickets are waiting for payment.")));
        event(ROUTER.journey(EventTypes.NOTIFICATIONS_REQUESTED, id,
                new NotificationsRequested(id, "PAYMENT_REMINDER", "Your tickets are waiting for payment.")));
        event(ROUTER.journey(EventTypes.CUSTOMER_FOLLOW_UP_BOOKED, id, new CustomerFollowUpBooked(id, "See you!")));
        event(ROUTER.journey(EventTypes.CUSTOMER_FOLLOW_UP_BOOKED, id, new CustomerFollowUpBooked(id, "See you!")));

        JsonNode notifications = session(id).path("notifications");
        assertThat(notifications).hasSize(3);
        assertThat(notifications.get(0).path("kind").asString()).isEqualTo("PAYMENT_REMINDER");
        assertThat(notifications.get(0).path("at").asString()).isNotBlank();
        assertThat(notifications.get(2).path("kind").asString()).isEqualTo("FOLLOW_UP_BOOKED");
        assertThat(notifications.get(2).path("message").asString()).isEqualTo("See you!");
    }

    @Test
    void bulkOrderMustBePaidByMoneyTransfer() {
        String id = reservedSession();

        event(ROUTER.journey(EventTypes.PAYMENTS_MONEY_TRANSFER_REQUESTED, id,
                new PaymentsMoneyTransferRequested(id, "r-" + id, new BigDecimal("1180.00"), "EUR")));

        JsonNode session = session(id);
        assertThat(session.path("payment").path("requiredMethod").asString()).isEqualTo("MONEY_TRANSFER");
        assertThat(session.path("notifications").get(0).path("kind").asString()).isEqualTo("MONEY_TRANSFER_REQUIRED");
        HttpResponse<String> card = post("/api/sessions/" + id + "/payment",
                "{\"method\":\"CARD\",\"card\":{\"number\":\"4111111111111111\",\"expiry\":\"12/30\",\"cvc\":\"123\"}}");
        assertProblem(card, 409, "payment-method-required");
        assertThat(post("/api/sessions/" + id + "/payment", "{\"method\":\"MONEY_TRANSFER\"}").statusCode())
                .isEqualTo(202);
    }

    @Test
    void deliveredTicketsAndReleasedHoldsAreTold() {
        String paid = reservedSession();
        event(paymentAuthorized(paid, "p-" + paid));
        event(ROUTER.journey(EventTypes.TICKETS_EMITTED, paid, new TicketsEmitted(paid, "r-" + paid,
                List.of(new IssuedTicket("E-1", "STANDING"), new IssuedTicket("E-2", "STANDING")))));
        JsonNode delivered = session(paid);
        assertThat(delivered.path("stage").asString()).isEqualTo("COMPLETED");
        assertThat(delivered.path("tickets").get(0).path("code").asString()).isEqualTo("E-1");
        assertThat(delivered.path("notifications").get(0).path("kind").asString()).isEqualTo("TICKETS_EMITTED");

        String left = reservedSession();
        assertThat(delete("/api/sessions/" + left + "/queue").statusCode()).isEqualTo(202);
        event(TICKETS.journey(EventTypes.TICKETS_RESERVATION_RELEASED, left,
                new TicketsReservationReleased(left, "r-" + left, "STANDING", 2, "ABANDONED")));
        JsonNode released = session(left);
        assertThat(released.path("stage").asString()).isEqualTo("ABANDONED");
        assertThat(released.path("notifications").get(0).path("message").asString())
                .isEqualTo("Your 2 STANDING tickets were released.");
    }

    @Test
    void deliveryNoticeWithoutCodesTellsTheCustomerAndLeavesTheTicketsToTheTicketsService() {
        String paid = reservedSession();
        event(paymentAuthorized(paid, "p-" + paid));

        // the process's "Emit Tickets" (model v3+) sends only the session and the reservation
        event(ROUTER.journey(EventTypes.TICKETS_EMITTED, paid, Map.of("sessionId", paid, "reservationId", "r-" + paid)));

        JsonNode noticed = session(paid);
        assertThat(noticed.path("stage").asString()).as("paid, the codes are still to come").isEqualTo("PAID");
        assertThat(noticed.path("notifications").get(0).path("kind").asString()).isEqualTo("TICKETS_EMITTED");
        event(issued(paid));
        JsonNode completed = session(paid);
        assertThat(completed.path("stage").asString()).isEqualTo("COMPLETED");
        assertThat(completed.path("tickets")).isNotEmpty();
    }

    @Test
    void concurrentFactsForOneSessionLoseNoUpdate() throws Exception {
        String id = reservedSession();
        long version = version(id);
        int reminders = 12;

        try (ExecutorService senders = Executors.newFixedThreadPool(6)) {
            List<Future<HttpResponse<String>>> responses = IntStream.range(0, reminders)
                    .mapToObj(i -> senders.submit(() -> CloudEventRequests.delivered(events(),
                            ROUTER.journey(EventTypes.NOTIFICATIONS_REQUESTED, id,
                                    new NotificationsRequested(id, "PAYMENT_REMINDER", "Reminder " + i)))))
                    .toList();
            for (Future<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(202);
            }
        }

        assertThat(session(id).path("notifications")).hasSize(reminders);
        assertThat(version(id)).isEqualTo(version + reminders);
    }

    @Test
    void availabilitySnapshotsOfTheCurrentSaleUpdateTheTicketTypesAndOlderOnesAreIgnored() {
        String saleId = json(get("/api/sale")).path("saleId").asString();
        Instant now = Instant.now();

        event(availability(saleId, now, 14000, 5000));
        event(availability(saleId, now.minusSeconds(5), 100, 100));
        event(availability("another-sale", now.plusSeconds(5), 1, 1));

        JsonNode types = json(get("/api/ticket-types"));
        assertThat(types.get(0).path("available").asInt()).isEqualTo(14000);
        assertThat(types.get(1).path("available").asInt()).isEqualTo(5000);

        event(availability(saleId, now.plusSeconds(1), 0, 0));
        assertThat(json(get("/api/sale")).path("status").asString()).isEqualTo("SOLD_OUT");
        event(availability(saleId, now.plusSeconds(2), 3, 0));
        assertThat(json(get("/api/sale")).path("status").asString()).as("held tickets came back").isEqualTo("OPEN");
    }

    static final String SALE = """
            {"name":"Stage rules","currency":"EUR","maxTicketsPerCustomer":10,"holdSeconds":120,
             "ticketTypes":[{"type":"STANDING","price":59.00,"quantity":15000},
                            {"type":"SEATED","price":89.00,"quantity":5000}]}""";

    static CloudEvent expired(String id, String reason) {
        return TICKETS.journey(EventTypes.TICKETS_RESERVATION_EXPIRED, id,
                new TicketsReservationExpired(id, "r-" + id, "STANDING", 2, reason));
    }

    static CloudEvent rejected(String id, String reason, boolean retryable) {
        return TICKETS.journey(EventTypes.TICKETS_RESERVATION_REJECTED, id,
                new TicketsReservationRejected(id, "STANDING", 2, reason, retryable, 1, reason + " happened"));
    }

    static CloudEvent availability(String saleId, Instant at, int standing, int seated) {
        return TICKETS.broadcast(EventTypes.TICKETS_AVAILABILITY_CHANGED,
                new TicketsAvailabilityChanged(saleId, "EUR", List.of(
                        new TicketAvailability("STANDING", "Standing",
                                new BigDecimal("59.00"), 15000, standing, 15000 - standing, 0),
                        new TicketAvailability("SEATED", "Seated",
                                new BigDecimal("89.00"), 5000, seated, 0, 5000 - seated)), at));
    }
}
