package io.concertsale.queue.waitingroom;

import static io.concertsale.queue.QueueTestEvents.abandoned;
import static io.concertsale.queue.QueueTestEvents.admissionUpdated;
import static io.concertsale.queue.QueueTestEvents.availability;
import static io.concertsale.queue.QueueTestEvents.cleanUp;
import static io.concertsale.queue.QueueTestEvents.issued;
import static io.concertsale.queue.QueueTestEvents.joined;
import static io.concertsale.queue.QueueTestEvents.rejected;
import static io.concertsale.queue.QueueTestEvents.reservationExpired;
import static io.concertsale.queue.QueueTestEvents.reserved;
import static io.concertsale.queue.QueueTestEvents.saleOpened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventJson;
import io.concertsale.events.EventTypes;
import io.concertsale.events.Participants;
import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.eventkit.outbox.OutboxRelay;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestIdentity;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.queue.MutableClock;
import io.concertsale.queue.QueueServiceApplication;
import io.concertsale.queue.QueueServiceClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The waiting room's behaviour over real HTTP, a real database and a recording broker, run on each database. The
 * admission ticker is off: the tests move the clock and run the admission passes themselves.
 */
@SpringBootTest(classes = QueueServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=event-kit,queue-service",
            "queue.admission.ticker-enabled=false",
            "queue.admission.gap-wait=3s",
            "sale.admission.token-secret=" + WaitingRoomContract.SECRET
        })
@Import(WaitingRoomContract.TestClock.class)
abstract class WaitingRoomContract {

    static final String SECRET = "the queue-service test secret, 32+ chars";
    static final RecordingSink SINK = new RecordingSink();
    static final Duration TICK = Duration.ofMillis(200);
    static final Duration GAP_WAIT = Duration.ofSeconds(3);

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        MutableClock clock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Admissions admissions;

    @Autowired
    OutboxRelay outbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AdmissionTokens tokens;

    @Autowired
    EventSubscriptions subscriptions;

    QueueServiceClient queue;
    /** The join numbers of the current sale by customer name, as the gateway gave them. */
    final Map<String, Long> numbers = new ConcurrentHashMap<>();
    final AtomicLong lastNumber = new AtomicLong();
    String saleId;
    Instant saleOpenedAt;
    String prefix;

    static void sink(DynamicPropertyRegistry registry) {
        registry.add("sale.events.sink", () -> SINK.uri().toString());
    }

    @BeforeEach
    void start() {
        queue = new QueueServiceClient(port);
        prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        drain();
        SINK.clear();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** Opens a new sale and runs the pass that starts its admission budget; the sink starts empty. */
    void openSale(double rate, int cap, boolean paused) {
        clock.advance(Duration.ofSeconds(1));
        saleId = "sale-" + UUID.randomUUID();
        saleOpenedAt = clock.instant();
        numbers.clear();
        lastNumber.set(0);
        accept(saleOpened(saleId, saleOpenedAt, rate, cap, paused));
        admissions.tick();
        drain();
        SINK.clear();
    }

    void accept(CloudEvent event) {
        HttpResponse<String> response = queue.post(event);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    String session(String name) {
        return prefix + name;
    }

    /** The customer's join number in the current sale: the next one the first time, as the gateway numbers a join. */
    long number(String name) {
        return numbers.computeIfAbsent(name, n -> lastNumber.incrementAndGet());
    }

    /** The customer's join, as the gateway sends it. */
    CloudEvent joinOf(String name) {
        return joined(session(name), saleId, number(name));
    }

    /** The customer's leave, with their join number, as the gateway sends it. */
    CloudEvent leaveOf(String name) {
        return abandoned(session(name), saleId, number(name));
    }

    List<String> join(String... names) {
        List<String> sessions = new ArrayList<>();
        for (String name : names) {
            accept(joinOf(name));
            sessions.add(session(name));
        }
        return sessions;
    }

    Admissions.Pass tick() {
        clock.advance(TICK);
        return admissions.tick();
    }

    int ticks(int count) {
        int admitted = 0;
        for (int i = 0; i < count; i++) {
            admitted += tick().admitted();
        }
        return admitted;
    }

    /** Waits until the outbox sent everything, so the sink holds every event emitted so far. */
    void drain() {
        Instant deadline = Instant.now().plusSeconds(15);
        while (outbox.pending() > 0) {
            assertThat(Instant.now()).as("outbox drained in time").isBefore(deadline);
            sleep(20);
        }
    }

    <T> List<T> sent(String type, Class<T> data) {
        drain();
        return SINK.events(type).stream().map(event -> SaleEvents.data(event, data)).toList();
    }

    <T> List<T> sentTo(String sessionId, String type, Class<T> data) {
        drain();
        return SINK.events(type).stream()
                .filter(event -> sessionId.equals(SaleEvents.correlationKey(event).orElse(null)))
                .map(event -> SaleEvents.data(event, data))
                .toList();
    }

    /** The progress reports so far, oldest first (the outbox sends in parallel, so they may arrive out of order). */
    List<QueueProgressed> progressed() {
        return sent(EventTypes.QUEUE_PROGRESSED, QueueProgressed.class).stream()
                .sorted(java.util.Comparator.comparing(QueueProgressed::at))
                .toList();
    }

    String state(String sessionId) {
        return jdbc.sql("SELECT state FROM queue_entry WHERE session_id = :s").param("s", sessionId)
                .query(String.class).optional().orElse("ABSENT");
    }

    String finishedReason(String sessionId) {
        return jdbc.sql("SELECT finished_reason FROM queue_entry WHERE session_id = :s").param("s", sessionId)
                .query(String.class).single();
    }

    /** The sessions in a state, in join order. */
    List<String> inState(String state) {
        return jdbc.sql("SELECT session_id FROM queue_entry WHERE state = :state ORDER BY number")
                .param("state", state).query(String.class).list();
    }

    long entries(String sessionId) {
        return jdbc.sql("SELECT COUNT(*) FROM queue_entry WHERE session_id = :s").param("s", sessionId)
                .query(Long.class).single();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- subscriptions and answers to a join ------------------------------------------------------------------------

    @Test
    void subscribesToExactlyTheEventsTheCatalogRoutesToTheQueue() {
        assertThat(subscriptions.types())
                .containsExactlyInAnyOrderElementsOf(EventCatalog.consumedBy(Participants.QUEUE));
    }

    @Test
    void aJoinIsAnsweredWithNumberPositionAdmittedSoFarAndEstimatedWait() {
        openSale(2, 10, false);
        join("a", "b", "c");

        QueueCustomerQueued a = sentTo(session("a"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class).getFirst();
        QueueCustomerQueued c = sentTo(session("c"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class).getFirst();
        assertThat(a).isEqualTo(new QueueCustomerQueued(session("a"), 1, 1, 0, 1));
        assertThat(c).isEqualTo(new QueueCustomerQueued(session("c"), 3, 3, 0, 2));
        JsonNode waiting = queue.entry(session("a"));
        assertThat(waiting.get("state").asString()).isEqualTo("WAITING");
        assertThat(waiting.get("number").asLong()).isEqualTo(1);
        assertThat(waiting.get("position").asLong()).isEqualTo(1);
        assertThat(waiting.get("etaSeconds").asLong()).isEqualTo(1);

        assertThat(ticks(3)).isEqualTo(1);
        join("d");

        QueueCustomerExited exited = sentTo(session("a"), EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class).getFirst();
        assertThat(exited.number()).isEqualTo(1);
        assertThat(exited.tokenExpiresAt()).isEqualTo(
                exited.admittedAt().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(tokens.verify(exited.admissionToken(), session("a"), saleId, clock.instant()))
                .isEqualTo(AdmissionTokens.Verdict.VALID);
        assertThat(tokens.verify(exited.admissionToken(), session("a"), "another-sale", clock.instant()))
                .as("the token is bound to the sale it was issued in").isEqualTo(AdmissionTokens.Verdict.OTHER_SALE);
        JsonNode admitted = queue.entry(session("a"));
        assertThat(admitted.get("state").asString()).isEqualTo("ADMITTED");
        assertThat(admitted.has("position")).isFalse();
        assertThat(Instant.parse(admitted.get("admittedAt").asString())).isEqualTo(exited.admittedAt());
        assertThat(Instant.parse(admitted.get("tokenExpiresAt").asString())).isEqualTo(exited.tokenExpiresAt());
        assertThat(admitted.has("admissionToken")).isFalse();
        assertThat(sentTo(session("d"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .containsExactly(new QueueCustomerQueued(session("d"), 4, 3, 1, 2));
    }

    @Test
    void aStructuredModeJoinIsTakenToo() {
        openSale(1, 10, false);

        HttpResponse<String> response = CloudEventRequests.structured(queue.events(), joinOf("s"), TestIdentity.delivery());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(state(session("s"))).isEqualTo("WAITING");
        assertThat(sentTo(session("s"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class)).hasSize(1);
    }

    @Test
    void aSessionThatJoinsAgainKeepsItsPlaceAndGetsItsAnswerAgain() {
        openSale(5, 10, false);
        join("a", "b");

        accept(joinOf("a"));

        assertThat(entries(session("a"))).isEqualTo(1);
        assertThat(sentTo(session("a"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .extracting(QueueCustomerQueued::number, QueueCustomerQueued::position)
                .containsExactly(tuple(1L, 1L), tuple(1L, 1L));

        assertThat(tick().admitted()).isEqualTo(1);
        accept(joinOf("a"));

        List<QueueCustomerExited> exits = sentTo(session("a"), EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class);
        assertThat(exits).hasSize(2);
        assertThat(exits.get(1)).isEqualTo(exits.get(0));
        assertThat(state(session("b"))).isEqualTo("WAITING");
    }

    @Test
    void aRedeliveredEventIsAcknowledgedWithoutASecondEffect() {
        openSale(5, 10, false);
        CloudEvent join = joinOf("a");

        assertThat(queue.post(join).headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(queue.post(join).headers().firstValue("X-Event-Outcome")).hasValue("DUPLICATE");

        assertThat(sentTo(session("a"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class)).hasSize(1);
    }

    // --- admission order and rate ----------------------------------------------------------------------------------

    @Test
    void customersAreAdmittedInTheGatewaysOrderWhileManyJoinAtOnceArriveOutOfOrderAndAdmissionRuns()
            throws Exception {
        openSale(10_000, 10_000, false);
        int threads = 8;
        int perThread = 25;
        AtomicBoolean joining = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> ticker = pool.submit(() -> {
                while (joining.get()) {
                    // a millisecond per pass: far below the gap wait, however late a join is sent after its number
                    clock.advance(Duration.ofMillis(1));
                    admissions.tick();
                    sleep(5);
                }
            });
            List<Future<?>> joiners = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                joiners.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // numbered first, then sent: a join numbered later by another thread may arrive before it
                        accept(joinOf("t" + thread + "-" + i));
                    }
                }));
            }
            for (Future<?> joiner : joiners) {
                joiner.get();
            }
            joining.set(false);
            ticker.get();
        } finally {
            pool.shutdownNow();
        }
        ticks(20);

        List<QueueCustomerQueued> queued = sent(EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class);
        assertThat(queued).hasSize(threads * perThread);
        assertThat(queued).allSatisfy(answer -> assertThat(answer.number()).as("number of %s", answer.sessionId())
                .isEqualTo(number(answer.sessionId().substring(prefix.length()))));
        assertThat(queued).allSatisfy(answer -> assertThat(answer.position() + answer.admittedBefore())
                .as("position + admittedBefore of number %d", answer.number()).isLessThanOrEqualTo(answer.number()));
        List<Instant> admittedInNumberOrder = jdbc.sql(
                        "SELECT session_id, admitted_at FROM queue_entry WHERE state = 'ADMITTED'")
                .query((rs, n) -> Map.entry(number(rs.getString("session_id").substring(prefix.length())),
                        SqlTime.instant(rs, "admitted_at")))
                .list().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        assertThat(admittedInNumberOrder).hasSize(threads * perThread).isSorted();
        assertThat(sent(EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class))
                .hasSize(threads * perThread)
                .allSatisfy(exit -> assertThat(tokens.verify(exit.admissionToken(), exit.sessionId(), saleId, clock.instant()))
                        .isEqualTo(AdmissionTokens.Verdict.VALID));
    }

    @Test
    void halfACustomerPerSecondAdmitsOneCustomerEveryTwoSeconds() {
        openSale(0.5, 100, false);
        join("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

        List<Integer> admittedSoFar = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < 50; i++) {
            total += tick().admitted();
            admittedSoFar.add(total);
        }

        for (int i = 0; i < 50; i++) {
            assertThat(admittedSoFar.get(i)).as("admitted after %d ms", (i + 1) * 200).isEqualTo((i + 1) / 10);
        }
        assertThat(inState("ADMITTED")).containsExactly(session("a"), session("b"), session("c"), session("d"),
                session("e"));
    }

    // --- active shoppers ---------------------------------------------------------------------------------------------

    @Test
    void theActiveShopperCapHoldsAndEachFinishFreesOneSlotExactlyOnce() {
        openSale(100, 2, false);
        join("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8");

        tick();
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s1"), session("s2"));

        accept(issued(session("s1")));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s2"), session("s3"));
        accept(issued(session("s1")));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s2"), session("s3"));

        accept(leaveOf("s2"));
        tick();
        accept(leaveOf("s2"));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s3"), session("s4"));

        accept(rejected(session("s3"), true));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s3"), session("s4"));
        accept(rejected(session("s3"), false));
        tick();
        accept(rejected(session("s3"), false));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s4"), session("s5"));

        accept(reserved(session("s4")));
        accept(reservationExpired(session("s4")));
        tick();
        accept(reservationExpired(session("s4")));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s5"), session("s6"));

        accept(cleanUp(session("s5")));
        tick();
        accept(cleanUp(session("s5")));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s6"), session("s7"));

        accept(reserved(session("s6")));
        accept(rejected(session("s6"), false));
        tick();
        assertThat(inState("ADMITTED")).as("a customer holding tickets stays active")
                .containsExactly(session("s6"), session("s7"));
        accept(issued(session("s6")));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("s7"), session("s8"));

        assertThat(finishedReason(session("s1"))).isEqualTo("TICKETS_ISSUED");
        assertThat(finishedReason(session("s2"))).isEqualTo("ABANDONED");
        assertThat(finishedReason(session("s3"))).isEqualTo("RESERVATION_REJECTED");
        assertThat(finishedReason(session("s4"))).isEqualTo("RESERVATION_EXPIRED");
        assertThat(finishedReason(session("s5"))).isEqualTo("CLEANED_UP");
        assertThat(finishedReason(session("s6"))).isEqualTo("TICKETS_ISSUED");
        JsonNode status = queue.status();
        assertThat(status.get("admittedTotal").asLong()).isEqualTo(8);
        assertThat(status.get("active").asLong()).isEqualTo(2);
        assertThat(status.get("waiting").asLong()).isZero();
    }

    @Test
    void finishingEventsForACustomerStillWaitingChangeNothing() {
        openSale(100, 10, true);
        join("a");

        accept(issued(session("a")));
        accept(reservationExpired(session("a")));
        accept(rejected(session("a"), false));

        assertThat(state(session("a"))).isEqualTo("WAITING");
    }

    @Test
    void anUnusedAdmissionTokenExpiresAndFreesTheSlotButAReservationKeepsIt() {
        openSale(100, 2, false);
        join("a", "b", "c");
        tick();
        accept(reserved(session("b")));

        clock.advance(Duration.ofMinutes(10));
        assertThat(tick().expired()).as("within the grace period").isZero();
        assertThat(inState("ADMITTED")).containsExactly(session("a"), session("b"));

        clock.advance(Duration.ofSeconds(31));
        Admissions.Pass pass = tick();

        assertThat(pass.expired()).isEqualTo(1);
        assertThat(pass.admitted()).isEqualTo(1);
        assertThat(state(session("a"))).isEqualTo("DONE");
        assertThat(finishedReason(session("a"))).isEqualTo("TOKEN_EXPIRED");
        assertThat(inState("ADMITTED")).containsExactly(session("b"), session("c"));
        assertThat(tick().expired()).isZero();
    }

    // --- leaving and positions ---------------------------------------------------------------------------------------

    @Test
    void aCustomerWhoLeavesWhileWaitingIsNeverAdmittedAndThoseBehindMoveUp() {
        openSale(100, 10, true);
        join("a", "b", "c", "d", "e");

        accept(leaveOf("b"));
        accept(leaveOf("d"));

        assertThat(queue.entry(session("c")).get("position").asLong()).isEqualTo(2);
        assertThat(queue.entry(session("e")).get("position").asLong()).isEqualTo(3);
        assertThat(queue.entry(session("e")).get("etaSeconds").asLong()).as("paused").isEqualTo(-1);
        JsonNode left = queue.entry(session("b"));
        assertThat(left.get("state").asString()).isEqualTo("ABANDONED");
        assertThat(left.has("position")).isFalse();
        assertThat(queue.status().get("waiting").asLong()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(1));
        accept(admissionUpdated(saleId, clock.instant(), 100, 10, false));
        tick();
        ticks(3);

        assertThat(inState("ADMITTED")).containsExactly(session("a"), session("c"), session("e"));
        assertThat(inState("ABANDONED")).containsExactly(session("b"), session("d"));
    }

    @Test
    void positionsStayExactAsCustomersLeaveAndAreAdmitted() {
        openSale(25, 1000, true);
        List<String> names = IntStream.rangeClosed(1, 30).mapToObj(i -> "p" + i).toList();
        List<String> sessions = join(names.toArray(String[]::new));
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(42));
        for (String leaving : shuffled.subList(0, 10)) {
            accept(leaveOf(leaving));
        }
        tick();
        accept(admissionUpdated(saleId, clock.instant(), 25, 1000, false));
        assertThat(ticks(2)).isEqualTo(10);
        accept(admissionUpdated(saleId, clock.instant(), 25, 1000, true));
        for (String waiting : inState("WAITING").subList(0, 3)) {
            accept(leaveOf(waiting.substring(prefix.length())));
        }

        List<String> waiting = inState("WAITING");
        assertThat(waiting).hasSize(7);
        Map<String, Long> positions = sessions.stream().collect(Collectors.toMap(Function.identity(),
                session -> queue.entry(session).path("position").asLong(0)));
        for (String session : sessions) {
            long expected = waiting.indexOf(session) + 1L;
            assertThat(positions.get(session)).as("position of %s", session).isEqualTo(expected);
        }
    }

    @Test
    void aLeaveThatArrivesBeforeItsJoinFillsItsPlaceAndKeepsTheCustomerOut() {
        openSale(100, 10, false);

        accept(leaveOf("late"));
        join("behind");
        assertThat(tick().admitted()).as("nobody waits for the join of a customer who left").isEqualTo(1);
        accept(joinOf("late"));
        tick();

        assertThat(state(session("late"))).isEqualTo("ABANDONED");
        assertThat(state(session("behind"))).isEqualTo("ADMITTED");
        assertThat(sentTo(session("late"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class)).isEmpty();
        assertThat(sentTo(session("late"), EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class)).isEmpty();
    }

    @Test
    void aCleanUpOfASessionTheQueueNeverSawChangesNothing() {
        openSale(100, 10, false);

        accept(cleanUp(session("never")));
        join("a");
        tick();

        assertThat(state(session("never"))).isEqualTo("ABSENT");
        assertThat(state(session("a"))).isEqualTo("ADMITTED");
    }

    // --- the fans' order: the gateway's join numbers -----------------------------------------------------------------

    @Test
    void joinsThatArriveOutOfOrderAreAdmittedInTheGatewaysOrder() {
        openSale(100, 1, false);
        number("first");

        accept(joinOf("second"));
        assertThat(ticks(3)).as("number 1 is still on its way").isZero();
        accept(joinOf("first"));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("first"));
        accept(issued(session("first")));
        tick();

        assertThat(inState("ADMITTED")).containsExactly(session("second"));
        assertThat(sentTo(session("second"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .containsExactly(new QueueCustomerQueued(session("second"), 2, 1, 0, 1));
        assertThat(sentTo(session("first"), EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class))
                .extracting(QueueCustomerExited::number).containsExactly(1L);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aGapThatStaysOpenIsSkippedAfterTheGapWaitAndTheJoinsBehindItAreAdmitted(CapturedOutput output) {
        openSale(100, 10, false);
        number("lost");
        join("b", "c");
        double skippedBefore = skippedNumbers();

        assertThat(tick().admitted()).isZero();
        clock.advance(GAP_WAIT.minus(TICK.multipliedBy(2)));
        assertThat(tick().admitted()).as("just within the gap wait").isZero();
        assertThat(tick().admitted()).isEqualTo(2);

        assertThat(inState("ADMITTED")).containsExactly(session("b"), session("c"));
        assertThat(skippedNumbers() - skippedBefore).isEqualTo(1);
        assertThat(output).contains("WARN").contains("did not arrive within " + GAP_WAIT.toMillis() + " ms")
                .contains(saleId);
    }

    @Test
    void aJoinThatArrivesAfterItsGapWasSkippedIsAdmittedNext() {
        openSale(100, 1, false);
        number("late");
        join("b", "c");
        tick();
        clock.advance(GAP_WAIT);
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("b"));

        accept(joinOf("late"));
        accept(issued(session("b")));
        tick();

        assertThat(inState("ADMITTED")).containsExactly(session("late"));
        assertThat(state(session("c"))).isEqualTo("WAITING");
        assertThat(sentTo(session("late"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .containsExactly(new QueueCustomerQueued(session("late"), 1, 1, 1, 1));
        accept(issued(session("late")));
        tick();
        assertThat(inState("ADMITTED")).containsExactly(session("c"));
    }

    @Test
    void aJoinForANumberAnotherSessionHoldsChangesNothing() {
        openSale(100, 10, true);
        join("a");

        accept(joined(session("other"), saleId, number("a")));

        assertThat(state(session("other"))).isEqualTo("ABSENT");
        assertThat(queue.status().get("waiting").asLong()).isEqualTo(1);
        assertThat(sentTo(session("other"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class)).isEmpty();
    }

    double skippedNumbers() {
        HttpResponse<String> metric = queue.getAsOperator("/actuator/metrics/queue.admission.skipped.numbers");
        assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
        return EventJson.MAPPER.readTree(metric.body()).path("measurements").get(0).path("value").asDouble();
    }

    // --- settings, availability, closing -----------------------------------------------------------------------------

    @Test
    void pausingStopsAdmissionAndResumingStartsItAgain() {
        openSale(5, 10, false);
        join("a", "b", "c", "d");
        assertThat(tick().admitted()).isEqualTo(1);

        Instant pausedAt = clock.instant();
        accept(admissionUpdated(saleId, pausedAt, 5, 10, true));
        assertThat(ticks(10)).isZero();
        assertThat(queue.entry(session("b")).get("etaSeconds").asLong()).isEqualTo(-1);
        assertThat(queue.status().get("paused").asBoolean()).isTrue();

        accept(admissionUpdated(saleId, pausedAt.minusSeconds(5), 5, 10, false));
        assertThat(ticks(5)).as("an older update does not resume").isZero();

        accept(admissionUpdated(saleId, clock.instant(), 5, 10, false));
        assertThat(ticks(3)).isEqualTo(3);
        assertThat(inState("ADMITTED")).containsExactly(session("a"), session("b"), session("c"), session("d"));
    }

    @Test
    void nothingAvailableHaltsAdmissionUntilTicketsComeBack() {
        openSale(5, 10, false);
        join("a", "b", "c");
        accept(availability(saleId, clock.instant(), 0, 2));

        assertThat(ticks(5)).isZero();
        assertThat(queue.entry(session("a")).get("etaSeconds").asLong()).isEqualTo(-1);
        accept(availability("another-sale", clock.instant().plusSeconds(1), 10, 0));
        assertThat(ticks(5)).as("a snapshot of another sale counts for nothing").isZero();

        accept(availability(saleId, clock.instant(), 1, 1));

        assertThat(ticks(2)).isEqualTo(2);
        assertThat(queue.status().get("closed").asBoolean()).isFalse();
        assertThat(sent(EventTypes.QUEUE_CLOSED, QueueClosed.class)).isEmpty();
    }

    @Test
    void soldOutForGoodClosesTheQueueTurningEveryWaitingCustomerAwayWithOneEvent() {
        openSale(5, 10, false);
        join("s1", "s2", "s3", "s4", "s5");
        assertThat(tick().admitted()).isEqualTo(1);
        accept(availability(saleId, clock.instant(), 0, 1));
        assertThat(ticks(3)).isZero();
        assertThat(inState("TURNED_AWAY")).as("a hold may still come back").isEmpty();

        Instant soldOutAt = clock.instant();
        accept(availability(saleId, soldOutAt, 0, 0));
        Admissions.Pass closing = tick();
        tick();

        assertThat(closing.turnedAway()).isEqualTo(4);
        assertThat(inState("TURNED_AWAY")).containsExactly(session("s2"), session("s3"), session("s4"), session("s5"));
        assertThat(inState("ADMITTED")).containsExactly(session("s1"));
        List<QueueClosed> closed = sent(EventTypes.QUEUE_CLOSED, QueueClosed.class);
        assertThat(closed).hasSize(1);
        assertThat(closed.getFirst().reason()).isEqualTo("SOLD_OUT");
        assertThat(closed.getFirst().turnedAway()).isEqualTo(4);
        assertThat(closed.getFirst().saleId()).as("a consumer tells this sale's close from a replaced one's")
                .isEqualTo(saleId);
        QueueProgressed progressed = progressed().getLast();
        assertThat(progressed.saleId()).isEqualTo(saleId);
        assertThat(progressed.waiting()).isZero();
        assertThat(progressed.activeShoppers()).isEqualTo(1);

        accept(availability(saleId, soldOutAt.minusSeconds(1), 5, 0));
        join("late");
        accept(joinOf("late"));
        tick();

        assertThat(state(session("late"))).isEqualTo("TURNED_AWAY");
        assertThat(sentTo(session("late"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class)).isEmpty();
        assertThat(sent(EventTypes.QUEUE_CLOSED, QueueClosed.class)).extracting(QueueClosed::turnedAway)
                .containsExactlyInAnyOrder(4L, 1L, 1L);
        assertThat(sent(EventTypes.QUEUE_CLOSED, QueueClosed.class)).extracting(QueueClosed::saleId)
                .containsOnly(saleId);
        JsonNode status = queue.status();
        assertThat(status.get("closed").asBoolean()).isTrue();
        assertThat(status.get("waiting").asLong()).isZero();

        openSale(5, 10, false);
        join("next");
        assertThat(queue.status().get("closed").asBoolean()).isFalse();
        assertThat(sentTo(session("next"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .containsExactly(new QueueCustomerQueued(session("next"), 1, 1, 0, 1));
    }

    @Test
    void aRepeatedOrOlderSaleOpeningChangesNothing() {
        openSale(5, 10, true);
        join("a", "b");

        accept(saleOpened(saleId, saleOpenedAt, 50, 100, false));
        accept(saleOpened("sale-" + UUID.randomUUID(), saleOpenedAt.minusSeconds(60), 50, 100, false));

        JsonNode status = queue.status();
        assertThat(status.get("saleId").asString()).isEqualTo(saleId);
        assertThat(status.get("paused").asBoolean()).isTrue();
        assertThat(status.get("waiting").asLong()).isEqualTo(2);
        assertThat(queue.entry(session("b")).get("position").asLong()).isEqualTo(2);
    }

    @Test
    void aNewSaleClearsThePreviousSale() {
        openSale(5, 10, false);
        join("a", "b", "c");
        tick();

        openSale(5, 10, true);
        join("d");

        assertThat(queue.get("/api/queue/" + session("a")).statusCode()).isEqualTo(404);
        JsonNode status = queue.status();
        assertThat(status.get("admittedTotal").asLong()).isZero();
        assertThat(status.get("active").asLong()).isZero();
        assertThat(status.get("waiting").asLong()).isEqualTo(1);
        assertThat(queue.entry(session("d")).get("number").asLong()).isEqualTo(1);
        assertThat(queue.entry(session("d")).get("position").asLong()).isEqualTo(1);
    }

    @Test
    void joinsThatOvertakeTheOpeningOfTheirSaleKeepTheirNumbersInIt() {
        openSale(5, 1, false);
        join("a", "b");
        tick();
        String previousSale = saleId;
        String nextSale = "sale-" + UUID.randomUUID();

        accept(joined(session("first"), nextSale, 1));
        accept(joined(session("third"), nextSale, 3));
        assertThat(sentTo(session("first"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .as("told its place once its sale opens").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        accept(saleOpened(nextSale, clock.instant(), 5, 1, false));
        accept(joined(session("second"), nextSale, 2));
        accept(joined(session("stale"), previousSale, 3));

        assertThat(queue.get("/api/queue/" + session("a")).statusCode()).isEqualTo(404);
        assertThat(queue.get("/api/queue/" + session("b")).statusCode()).isEqualTo(404);
        assertThat(sentTo(session("first"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .containsExactly(new QueueCustomerQueued(session("first"), 1, 1, 0, 1));
        assertThat(sentTo(session("third"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .containsExactly(new QueueCustomerQueued(session("third"), 3, 2, 0, 1));
        assertThat(sentTo(session("second"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .containsExactly(new QueueCustomerQueued(session("second"), 2, 2, 0, 1));
        assertThat(sentTo(session("stale"), EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class))
                .as("a join of the sale this one replaced").isEmpty();
        JsonNode status = queue.status();
        assertThat(status.get("saleId").asString()).isEqualTo(nextSale);
        assertThat(status.get("waiting").asLong()).isEqualTo(3);

        List<String> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tick();
            tick();
            String shopper = inState("ADMITTED").getFirst();
            admitted.add(shopper);
            accept(issued(shopper));
        }
        assertThat(admitted).containsExactly(session("first"), session("second"), session("third"));
        assertThat(state(session("stale"))).isEqualTo("WAITING");
    }

    // --- progress ----------------------------------------------------------------------------------------------------

    @Test
    void progressIsReportedOncePerTickAndOnlyWhenSomethingChanged() {
        openSale(5, 10, true);
        join("a", "b", "c");

        assertThat(tick().progressed()).isTrue();
        assertThat(tick().progressed()).isFalse();
        accept(leaveOf("b"));
        assertThat(tick().progressed()).isTrue();
        assertThat(tick().progressed()).isFalse();
        accept(admissionUpdated(saleId, clock.instant(), 5, 10, false));
        Admissions.Pass resumed = tick();
        assertThat(resumed.admitted()).isEqualTo(1);
        assertThat(resumed.progressed()).isTrue();
        assertThat(tick().progressed()).as("one more admitted").isTrue();
        assertThat(tick().progressed()).isFalse();

        List<QueueProgressed> progressed = progressed();
        assertThat(progressed).hasSize(4);
        QueueProgressed last = progressed.getLast();
        assertThat(last.waiting()).isZero();
        assertThat(last.admittedTotal()).isEqualTo(2);
        assertThat(last.activeShoppers()).isEqualTo(2);
        assertThat(last.ratePerSecond()).isEqualTo(5);
        assertThat(last.paused()).isFalse();
        assertThat(progressed.get(0).waiting()).isEqualTo(3);
        assertThat(progressed.get(0).paused()).isTrue();
    }

    // --- bad input and the operator API ------------------------------------------------------------------------------

    @Test
    void badEventsGetA400ProblemAndChangeNothing() {
        openSale(5, 10, true);
        String s = session("bad");
        CloudEvent notForTheQueue = CloudEventBuilder.v1(joinOf("bad")).withType(EventTypes.TICKETS_REQUESTED).build();
        CloudEvent noSession = CloudEventBuilder.v1(joinOf("bad"))
                .withData(SaleEvents.JSON, "{\"joinedAt\":\"2026-11-20T18:00:00Z\"}".getBytes()).build();
        CloudEvent noJoinNumber = CloudEventBuilder.v1(joinOf("bad"))
                .withData(SaleEvents.JSON, ("{\"sessionId\":\"" + s + "\",\"saleId\":\"" + saleId + "\"}").getBytes())
                .build();
        CloudEvent noCorrelationKey = CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("urn:test")).withType(EventTypes.QUEUE_CUSTOMER_JOINED)
                .withDataContentType(SaleEvents.JSON).withData(("{\"sessionId\":\"" + s + "\"}").getBytes()).build();
        Instant later = clock.instant().plusSeconds(5);
        CloudEvent negativeRate = CloudEventBuilder.v1(admissionUpdated(saleId, later, 5, 10, false))
                .withData(SaleEvents.JSON, ("{\"saleId\":\"" + saleId + "\",\"updatedAt\":\"" + later
                        + "\",\"admission\":{\"ratePerSecond\":-1,\"maxActiveShoppers\":10,\"paused\":false}}")
                        .getBytes())
                .build();

        assertProblem(queue.post(notForTheQueue), "unknown-type");
        assertProblem(queue.post(noSession), "invalid-data");
        assertProblem(queue.post(noJoinNumber), "invalid-data");
        assertProblem(queue.post(noCorrelationKey), "missing-correlation-key");
        assertProblem(queue.post(negativeRate), "invalid-data");
        assertProblem(CloudEventRequests.raw(queue.events(), "{\"hello\":1}", "Authorization", TestIdentity.delivery(), "Content-Type", "application/json"),
                "malformed-event");

        assertThat(state(s)).isEqualTo("ABSENT");
        assertThat(queue.get("/api/queue/" + s).statusCode()).isEqualTo(404);
        JsonNode status = queue.status();
        assertThat(status.get("paused").asBoolean()).isTrue();
        assertThat(status.get("ratePerSecond").asDouble()).isEqualTo(5);
        assertThat(sent(EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class)).isEmpty();
    }

    @Test
    void factsDatedInTheFutureOrFromAnotherProducerCannotFreezeTheWaitingRoom() {
        openSale(100, 10, true);
        join("a", "b");
        Instant nextYear = clock.instant().plus(Duration.ofDays(365));

        assertProblem(queue.post(admissionUpdated(saleId, nextYear, 100, 10, true)), "event-from-the-future");
        assertProblem(queue.post(CloudEventBuilder.v1(admissionUpdated(saleId, clock.instant(), 100, 10, true))
                .withTime(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusDays(365)).build()),
                "event-from-the-future");
        assertProblem(queue.post(availability(saleId, nextYear, 0, 0)), "event-from-the-future");
        assertProblem(queue.post(CloudEventBuilder.v1(admissionUpdated(saleId, clock.instant(), 100, 10, true))
                .withSource(URI.create("urn:concertsale:tickets-service")).build()), "source-not-producer");
        assertProblem(queue.post(CloudEventBuilder.v1(saleOpened("sale-forged", clock.instant(), 0, 0, true))
                .withSource(URI.create("urn:concertsale:zeebe-cloud-events-router")).build()), "source-not-producer");

        clock.advance(Duration.ofSeconds(1));
        accept(admissionUpdated(saleId, clock.instant(), 100, 10, false));
        tick();
        ticks(3);

        assertThat(queue.status().get("paused").asBoolean()).isFalse();
        assertThat(inState("ADMITTED")).containsExactly(session("a"), session("b"));
    }

    private static void assertProblem(HttpResponse<String> response, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:concertsale:problem:" + slug);
    }

    @Test
    void operatorsSeeTheCountersAndAClearProblemForAnUnknownSession() {
        openSale(2.5, 3, false);
        join("a", "b", "c", "d", "e");
        ticks(5);

        JsonNode status = queue.status();
        HttpResponse<String> unknown = queue.get("/api/queue/" + session("nobody"));

        assertThat(status.get("saleId").asString()).isEqualTo(saleId);
        assertThat(status.get("waiting").asLong()).isEqualTo(3);
        assertThat(status.get("admittedTotal").asLong()).isEqualTo(2);
        assertThat(status.get("active").asLong()).isEqualTo(2);
        assertThat(status.get("ratePerSecond").asDouble()).isEqualTo(2.5);
        assertThat(status.get("maxActiveShoppers").asInt()).isEqualTo(3);
        assertThat(status.get("paused").asBoolean()).isFalse();
        assertThat(status.get("closed").asBoolean()).isFalse();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unknown.body()).contains("urn:concertsale:problem:unknown-session").contains(session("nobody"));
    }
}
