package io.concertsale.gateway.shop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.events.EventTypes;
import io.concertsale.gateway.GatewayContract;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The fans' own order: the gateway numbers the joins of each sale in the transaction that takes the join, and the
 * waiting room admits by that number. Real HTTP, concurrent fans, a real database.
 */
abstract class JoinOrderContract extends GatewayContract {

    @Autowired
    JoinNumbers joinNumbers;

    @Autowired
    TransactionTemplate transactions;

    static final String SALE = """
            {"name":"Join order test","currency":"EUR","maxTicketsPerCustomer":4,"holdSeconds":90,
             "ticketTypes":[{"type":"GA","price":45.00,"quantity":2000}],
             "admission":{"ratePerSecond":25,"maxActiveShoppers":200,"paused":false}}""";

    /** A join as the fan saw it: when the request left and when its 202 came back. */
    record Join(String sessionId, long sentNanos, long acknowledgedNanos) {
    }

    @Test
    void concurrentJoinsAreNumberedOneToNWithoutGapsAndAJoinAcknowledgedBeforeAnotherWasSentComesFirst()
            throws Exception {
        String saleId = openNewSale();
        int fans = 50;
        int joinsPerFan = 2;
        List<List<String>> sessions = new ArrayList<>();
        for (int fan = 0; fan < fans; fan++) {
            sessions.add(List.of(newSession(), newSession()));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(fans);
        List<Join> joins = new ArrayList<>();
        try {
            List<Future<List<Join>>> running = new ArrayList<>();
            for (List<String> own : sessions) {
                running.add(pool.submit(() -> {
                    start.await();
                    List<Join> done = new ArrayList<>();
                    for (String id : own) {
                        long sent = System.nanoTime();
                        HttpResponse<String> response = post("/api/sessions/" + id + "/queue", null);
                        long acknowledged = System.nanoTime();
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                        done.add(new Join(id, sent, acknowledged));
                    }
                    return done;
                }));
            }
            start.countDown();
            for (Future<List<Join>> fan : running) {
                joins.addAll(fan.get());
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> numbers = joins.stream().collect(Collectors.toMap(Join::sessionId,
                join -> number(join.sessionId())));
        assertThat(numbers.values()).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(1, (long) fans * joinsPerFan).boxed().toList());
        for (Join join : joins) {
            JsonNode joined = data(emitted(EventTypes.QUEUE_CUSTOMER_JOINED, join.sessionId()));
            assertThat(joined.path("number").asLong()).as("number in the join of %s", join.sessionId())
                    .isEqualTo(numbers.get(join.sessionId()));
            assertThat(joined.path("saleId").asString()).isEqualTo(saleId);
        }
        int ordered = 0;
        for (Join first : joins) {
            for (Join later : joins) {
                if (first.acknowledgedNanos() < later.sentNanos()) {
                    ordered++;
                    assertThat(numbers.get(first.sessionId()))
                            .as("%s was acknowledged before %s was sent", first.sessionId(), later.sessionId())
                            .isLessThan(numbers.get(later.sessionId()));
                }
            }
        }
        assertThat(ordered).as("pairs of joins one after the other").isGreaterThanOrEqualTo(fans);
    }

    @Test
    void joinsThatFailAmongConcurrentOnesFailAloneAndTakeNoNumber() throws Exception {
        openNewSale();
        int fans = 40;
        List<String> ids = new ArrayList<>();
        for (int fan = 0; fan < fans; fan++) {
            // every fourth join names a session that does not exist; it shares its commit with the others
            ids.add(fan % 4 == 3 ? "no-such-session-" + fan : newSession());
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(fans);
        Map<String, Integer> statuses;
        try {
            List<Future<Integer>> running = new ArrayList<>();
            for (String id : ids) {
                running.add(pool.submit(() -> {
                    start.await();
                    return post("/api/sessions/" + id + "/queue", null).statusCode();
                }));
            }
            start.countDown();
            statuses = new java.util.LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                statuses.put(ids.get(i), running.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> real = ids.stream().filter(id -> !id.startsWith("no-such-session-")).toList();
        statuses.forEach((id, status) -> assertThat(status).as("join of %s", id)
                .isEqualTo(id.startsWith("no-such-session-") ? 404 : 202));
        assertThat(real.stream().map(this::number).toList())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, real.size()).boxed().toList());
    }

    @Test
    void numbersStartAtOneForEachNewSale() {
        openNewSale();
        String first = newSession();
        String second = newSession();
        join(first);
        join(second);
        assertThat(List.of(number(first), number(second))).containsExactly(1L, 2L);

        String nextSale = openNewSale();
        String next = newSession();
        join(next);

        assertThat(number(next)).isEqualTo(1);
        JsonNode joined = data(emitted(EventTypes.QUEUE_CUSTOMER_JOINED, next));
        assertThat(joined.path("saleId").asString()).isEqualTo(nextSale);
        assertThat(joined.path("number").asLong()).isEqualTo(1);
    }

    @Test
    void aRepeatedJoinKeepsItsNumberAndTakesNoOther() {
        openNewSale();
        String first = newSession();
        String second = newSession();
        join(first);
        join(second);

        join(first);
        String third = newSession();
        join(third);

        SINK.await(event -> emittedNow(EventTypes.QUEUE_CUSTOMER_JOINED, first).size() == 2, WAIT);
        assertThat(emittedNow(EventTypes.QUEUE_CUSTOMER_JOINED, first))
                .extracting(event -> data(event).path("number").asLong()).containsExactly(1L, 1L);
        assertThat(number(first)).isEqualTo(1);
        assertThat(number(third)).isEqualTo(3);
    }

    @Test
    void aLeaveCarriesTheJoinNumberOnceTheSessionJoinedAndNoneBefore() {
        String saleId = openNewSale();
        String joined = newSession();
        String neverJoined = newSession();
        join(joined);

        assertThat(delete("/api/sessions/" + joined + "/queue").statusCode()).isEqualTo(202);
        assertThat(delete("/api/sessions/" + neverJoined + "/queue").statusCode()).isEqualTo(202);

        JsonNode left = data(emitted(EventTypes.QUEUE_CUSTOMER_ABANDONED, joined));
        assertThat(left.path("saleId").asString()).isEqualTo(saleId);
        assertThat(left.path("number").asLong()).isEqualTo(1);
        JsonNode leftBeforeJoining = data(emitted(EventTypes.QUEUE_CUSTOMER_ABANDONED, neverJoined));
        assertThat(leftBeforeJoining.path("number").isNull()).isTrue();
        assertThat(leftBeforeJoining.path("saleId").isNull()).isTrue();
    }

    @Test
    void aJoinThatRollsBackGivesItsNumberBack() {
        String saleId = openNewSale();
        transactions.executeWithoutResult(status -> {
            assertThat(joinNumbers.next(saleId)).isEqualTo(1);
            status.setRollbackOnly();
        });

        String id = newSession();
        join(id);

        assertThat(number(id)).isEqualTo(1);
    }

    /** Opens a new sale through the admin API; its joins are numbered from 1. */
    String openNewSale() {
        HttpResponse<String> opened = admin("PUT", "/api/admin/sale", SALE);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        return json(opened).path("saleId").asString();
    }

    /** The session's join number, as the browser sees it. */
    long number(String id) {
        JsonNode number = session(id).path("queue").path("number");
        assertThat(number.isIntegralNumber()).as("session %s has a join number: %s", id, number).isTrue();
        return number.asLong();
    }
}
