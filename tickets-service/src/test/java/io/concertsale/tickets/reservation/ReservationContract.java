package io.concertsale.tickets.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReservationTimedOut;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.tickets.TicketsContractBase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reservations, end to end over real HTTP: holding tickets with an admission token, rejections, and holds ending
 * (expiry, the process's time-out, the customer leaving). Run on each database.
 */
abstract class ReservationContract extends TicketsContractBase {

    // --- reserving ----------------------------------------------------------------------------------------------

    @Test
    void reservationHoldsTheTicketsAtTheSalesPriceForTheHoldTime() {
        String session = session();
        Instant before = clock.instant();

        TicketsReserved reserved = reserve(session, STANDING, 3);

        assertThat(reserved.sessionId()).isEqualTo(session);
        assertThat(reserved.ticketType()).isEqualTo(STANDING);
        assertThat(reserved.quantity()).isEqualTo(3);
        assertThat(reserved.unitPrice()).isEqualByComparingTo(STANDING_PRICE);
        assertThat(reserved.amount()).isEqualByComparingTo("149.70");
        assertThat(reserved.currency()).isEqualTo("EUR");
        assertThat(reserved.expiresAt()).isBetween(before.truncatedTo(ChronoUnit.MILLIS).plusSeconds(HOLD_SECONDS),
                clock.instant().plusSeconds(HOLD_SECONDS));
        assertThat(counts(STANDING)).isEqualTo(new Counts(47, 3, 0));
        JsonNode view = getJson("/api/reservations/" + reserved.reservationId());
        assertThat(view.path("status").asString()).isEqualTo("HELD");
        assertThat(view.path("sessionId").asString()).isEqualTo(session);
        assertThat(view.path("amount").decimalValue()).isEqualByComparingTo("149.70");
    }

    @Test
    void concurrentRequestsNeverSellMoreTicketsThanThereAre() throws Exception {
        open(List.of(new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 50)));
        List<String> sessions = IntStream.range(0, 40).mapToObj(i -> session()).toList();
        List<CloudEvent> requests = sessions.stream().map(session -> requested(session, STANDING, 2)).toList();

        List<Integer> statuses = concurrently(requests.stream()
                .<Callable<Integer>>map(request -> () -> post(request).statusCode()).toList());

        assertThat(statuses).hasSize(40).containsOnly(202);
        List<CloudEvent> answers = sessions.stream().map(session -> SINK.await(event -> session.equals(key(event))
                && (event.getType().equals(EventTypes.TICKETS_RESERVED)
                        || event.getType().equals(EventTypes.TICKETS_RESERVATION_REJECTED)), WAIT)).toList();
        assertThat(answers).filteredOn(event -> event.getType().equals(EventTypes.TICKETS_RESERVED)).hasSize(25);
        List<TicketsReservationRejected> rejections = answers.stream()
                .filter(event -> event.getType().equals(EventTypes.TICKETS_RESERVATION_REJECTED))
                .map(event -> SaleEvents.data(event, TicketsReservationRejected.class)).toList();
        assertThat(rejections).hasSize(15).allSatisfy(rejection -> {
            assertThat(rejection.reason()).isEqualTo("SOLD_OUT");
            assertThat(rejection.retryable()).isFalse();
        });
        assertThat(counts(STANDING)).isEqualTo(new Counts(0, 50, 0));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reservation WHERE sale_id = :sale AND status = 'HELD'")
                .param("sale", saleId).query(Long.class).single()).isEqualTo(25);
    }

    @Test
    void invalidAdmissionTokensAreRejectedAndHoldNothing() {
        Instant later = clock.instant().plus(Duration.ofMinutes(10));
        String valid = session();
        String[] issued = TOKENS.issue(valid, saleId, later).split("\\.");
        String tampered = issued[0] + "." + issued[1] + "." + (Long.parseLong(issued[2]) + 3600) + "." + issued[3];
        String foreignSecret = new AdmissionTokens("another-secret-that-is-also-long-enough".getBytes(
                StandardCharsets.UTF_8)).issue(valid, saleId, later);
        List<String> tokens = List.of(" ", "not-a-token", TOKENS.issue(session(), saleId, later),
                TOKENS.issue(valid, saleId, clock.instant().minusSeconds(1)), tampered, foreignSecret,
                TOKENS.issue(valid, "a-previous-sale", later));

        for (String token : tokens) {
            String session = valid;
            accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                    new TicketsRequested(session, STANDING, 2, token)));
        }

        List<CloudEvent> rejected = awaitEvents(EventTypes.TICKETS_RESERVATION_REJECTED, valid, tokens.size());
        assertThat(rejected).map(event -> SaleEvents.data(event, TicketsReservationRejected.class))
                .allSatisfy(rejection -> {
                    assertThat(rejection.reason()).isEqualTo("INVALID_TOKEN");
                    assertThat(rejection.retryable()).isFalse();
                    assertThat(rejection.available()).isEqualTo(50);
                });
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(reservations()).isZero();
    }

    @Test
    void requestWithoutAnyAdmissionTokenIsBadInput() {
        String session = session();
        CloudEvent event = CloudEventBuilder.v1(requested(session, STANDING, 1)).withData(SaleEvents.JSON,
                ("{\"sessionId\":\"" + session + "\",\"ticketType\":\"STANDING\",\"quantity\":1}").getBytes(
                        StandardCharsets.UTF_8)).build();

        HttpResponse<String> response = post(event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid-data").contains("admissionToken");
        assertThat(reservations()).isZero();
    }

    @Test
    void unknownTicketTypeAndTooManyTicketsAreRejectedButTheCustomerMayAskAgain() {
        String session = session();

        accept(requested(session, "BALCONY", 1));
        TicketsReservationRejected unknown = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        accept(requested(session, STANDING, MAX_PER_CUSTOMER + 1));
        TicketsReservationRejected overLimit = SaleEvents.data(
                awaitEvents(EventTypes.TICKETS_RESERVATION_REJECTED, session, 2).get(1),
                TicketsReservationRejected.class);
        TicketsReserved reserved = reserve(session, STANDING, MAX_PER_CUSTOMER);

        assertThat(unknown.reason()).isEqualTo("UNKNOWN_TICKET_TYPE");
        assertThat(unknown.retryable()).isTrue();
        assertThat(overLimit.reason()).isEqualTo("OVER_LIMIT");
        assertThat(overLimit.retryable()).isTrue();
        assertThat(overLimit.available()).isEqualTo(50);
        assertThat(reserved.quantity()).isEqualTo(MAX_PER_CUSTOMER);
    }

    @Test
    void askingForMoreThanIsLeftSaysWhatIsLeftAndSoldOutIsFinalOnlyWhenEverythingIsGone() {
        open(List.of(new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 3),
                new TicketTypeSpec(VIP, "VIP lounge", VIP_PRICE, 1)));
        reserve(session(), STANDING, 2);

        TicketsReservationRejected notEnough = rejectedFor(STANDING, 2);
        reserve(session(), STANDING, 1);
        TicketsReservationRejected standingSoldOut = rejectedFor(STANDING, 1);
        reserve(session(), VIP, 1);
        TicketsReservationRejected allSoldOut = rejectedFor(VIP, 1);

        assertThat(notEnough.reason()).isEqualTo("NOT_ENOUGH_AVAILABLE");
        assertThat(notEnough.retryable()).isTrue();
        assertThat(notEnough.available()).isEqualTo(1);
        assertThat(standingSoldOut.reason()).isEqualTo("SOLD_OUT");
        assertThat(standingSoldOut.retryable()).as("VIP tickets are left").isTrue();
        assertThat(allSoldOut.reason()).isEqualTo("SOLD_OUT");
        assertThat(allSoldOut.retryable()).isFalse();
        assertThat(counts(STANDING)).isEqualTo(new Counts(0, 3, 0));
    }

    @Test
    void requestWhileNoSaleIsOpenIsRejectedForGood() {
        jdbc.sql("DELETE FROM sale").update();
        String session = session();

        accept(requested(session, STANDING, 1));

        TicketsReservationRejected rejected = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        assertThat(rejected.reason()).isEqualTo("SALE_CLOSED");
        assertThat(rejected.retryable()).isFalse();
        assertThat(getJson("/api/ticket-types")).isEmpty();
    }

    @Test
    void redeliveredRequestHoldsTicketsOnce() {
        String session = session();
        CloudEvent request = requested(session, STANDING, 2);

        assertThat(post(request).headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(post(request).headers().firstValue("X-Event-Outcome")).hasValue("DUPLICATE");

        awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
        drained();
        assertThat(events(EventTypes.TICKETS_RESERVED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
    }

    @Test
    void repeatedRequestUnderAnotherIdIsAnsweredWithTheReservationTheSessionHas() {
        String session = session();
        TicketsReserved first = reserve(session, STANDING, 2);

        accept(requested(session, VIP, 1));

        TicketsReserved again = SaleEvents.data(awaitEvents(EventTypes.TICKETS_RESERVED, session, 2).get(1),
                TicketsReserved.class);
        assertThat(again).isEqualTo(first);
        assertThat(events(EventTypes.TICKETS_RESERVATION_REJECTED, session)).isEmpty();
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
        assertThat(counts(VIP)).isEqualTo(new Counts(10, 0, 0));
        assertThat(reservations()).isEqualTo(1);
    }

    // --- holds ending -------------------------------------------------------------------------------------------

    @Test
    void expiredHoldGivesItsTicketsBackOnceWhenSweepersRaceTheProcessTimeOut() throws Exception {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        CloudEvent timedOut = ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, session,
                new TicketsReservationTimedOut(session, reserved.reservationId()));
        clock.advance(Duration.ofSeconds(HOLD_SECONDS + 1));

        List<Callable<Integer>> racers = List.of(sweeper::sweep, sweeper::sweep, () -> post(timedOut).statusCode());
        List<Integer> results = concurrently(racers);

        assertThat(results.get(2)).isEqualTo(202);
        TicketsReservationExpired expired = awaitData(EventTypes.TICKETS_RESERVATION_EXPIRED, session,
                TicketsReservationExpired.class);
        assertThat(expired.reservationId()).isEqualTo(reserved.reservationId());
        assertThat(expired.quantity()).isEqualTo(2);
        assertThat(expired.reason()).isIn("HOLD_EXPIRED", "TIMED_OUT");
        sweeper.sweep();
        drained();
        assertThat(events(EventTypes.TICKETS_RESERVATION_EXPIRED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(status(reserved.reservationId())).isEqualTo("EXPIRED");
    }

    @Test
    void holdThatRunsOutExpiresOnItsOwn() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);

        clock.advance(Duration.ofSeconds(HOLD_SECONDS));

        TicketsReservationExpired expired = awaitData(EventTypes.TICKETS_RESERVATION_EXPIRED, session,
                TicketsReservationExpired.class);
        assertThat(expired.reservationId()).isEqualTo(reserved.reservationId());
        assertThat(expired.reason()).isEqualTo("HOLD_EXPIRED");
        assertThat(status(reserved.reservationId())).isEqualTo("EXPIRED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    @Test
    void processTimeOutReleasesTheHoldAndTheOwnExpiryLaterChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);

        accept(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, session,
                new TicketsReservationTimedOut(session, reserved.reservationId())));

        TicketsReservationExpired expired = awaitData(EventTypes.TICKETS_RESERVATION_EXPIRED, session,
                TicketsReservationExpired.class);
        assertThat(expired.reason()).isEqualTo("TIMED_OUT");
        clock.advance(Duration.ofSeconds(HOLD_SECONDS + 1));
        assertThat(sweeper.sweep()).isZero();
        accept(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, session,
                new TicketsReservationTimedOut(session, null)));
        drained();
        assertThat(events(EventTypes.TICKETS_RESERVATION_EXPIRED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    @Test
    void customerWhoLeavesReleasesTheHoldButNeverTicketsTheyPaidFor() {
        String leaving = session();
        TicketsReserved held = reserve(leaving, STANDING, 2);
        String buyer = session();
        TicketsReserved bought = reserve(buyer, STANDING, 3);
        accept(paymentRequested(buyer, bought.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, buyer,
                TicketsPaymentPending.class);
        PROVIDER.authorize(pending.paymentId());
        accept(authorized(buyer, pending.paymentId(), bought));
        awaitData(EventTypes.TICKETS_ISSUED, buyer, TicketsIssued.class);

        accept(abandoned(leaving));
        accept(abandoned(buyer));
        accept(ROUTER.journey(EventTypes.SESSION_CLEAN_UP, buyer, new SessionCleanUp(buyer)));

        TicketsReservationReleased released = awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, leaving,
                TicketsReservationReleased.class);
        assertThat(released.reservationId()).isEqualTo(held.reservationId());
        assertThat(released.reason()).isEqualTo("ABANDONED");
        assertThat(released.quantity()).isEqualTo(2);
        drained();
        assertThat(events(EventTypes.TICKETS_RESERVATION_RELEASED, buyer)).isEmpty();
        assertThat(status(held.reservationId())).isEqualTo("RELEASED");
        assertThat(status(bought.reservationId())).isEqualTo("ISSUED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(47, 0, 3));
    }

    @Test
    void sessionMayReserveAgainOnceItsHoldEndedWithANewAdmissionButNotWithTheTokenThatMadeTheHold() {
        String session = session();
        String token = token(session);
        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, STANDING, 2, token)));
        TicketsReserved first = awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
        accept(abandoned(session));
        awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session, TicketsReservationReleased.class);

        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session, VIP, 1, token)));
        TicketsReservationRejected used = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        assertThat(used.reason()).isEqualTo("INVALID_TOKEN");
        assertThat(used.message()).contains("USED");
        assertThat(counts(VIP)).isEqualTo(new Counts(10, 0, 0));

        String readmitted = TOKENS.issue(session, saleId, clock.instant().plus(Duration.ofMinutes(11)));
        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, VIP, 1, readmitted)));

        TicketsReserved second = SaleEvents.data(awaitEvents(EventTypes.TICKETS_RESERVED, session, 2).get(1),
                TicketsReserved.class);
        assertThat(second.reservationId()).isNotEqualTo(first.reservationId());
        assertThat(second.ticketType()).isEqualTo(VIP);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(counts(VIP)).isEqualTo(new Counts(9, 1, 0));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admission_token_use WHERE session_id = :session")
                .param("session", session).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void requestTurnedDownForTooFewTicketsDoesNotUseTheToken() {
        open(List.of(new TicketTypeSpec(VIP, "VIP lounge", VIP_PRICE, 2)));
        String session = session();
        String token = token(session);

        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session, VIP, 3, token)));
        TicketsReservationRejected shortfall = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session, VIP, 2, token)));

        assertThat(shortfall.reason()).isNotEqualTo("INVALID_TOKEN");
        assertThat(awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class).quantity()).isEqualTo(2);
    }

    @Test
    void admissionTokenOfThePreviousSaleHoldsNothingOnceANewSaleOpened() {
        String session = session();
        String issuedInThePreviousSale = token(session);
        open(List.of(new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 50)));

        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, STANDING, 1, issuedInThePreviousSale)));

        TicketsReservationRejected rejected = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        assertThat(rejected.reason()).isEqualTo("INVALID_TOKEN");
        assertThat(rejected.message()).contains("OTHER_SALE");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(reservations()).isZero();
    }

    // --- facts checked before they move anything ----------------------------------------------------------------

    @Test
    void timeOutNamingAnotherSessionsReservationChangesNothing() {
        String victim = session();
        TicketsReserved held = reserve(victim, STANDING, 2);
        String attacker = session();

        accept(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, attacker,
                new TicketsReservationTimedOut(attacker, held.reservationId())));
        assertProblem(post(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, attacker,
                new TicketsReservationTimedOut(victim, null))), "invalid-data", "correlationkey");

        drained();
        assertThat(events(EventTypes.TICKETS_RESERVATION_EXPIRED, victim)).isEmpty();
        assertThat(events(EventTypes.TICKETS_RESERVATION_EXPIRED, attacker)).isEmpty();
        assertThat(status(held.reservationId())).isEqualTo("HELD");
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
    }

    // --- operators ----------------------------------------------------------------------------------------------

    @Test
    void unknownReservationIsNotFoundForOperators() {
        HttpResponse<String> response = get("/api/reservations/" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }
}
