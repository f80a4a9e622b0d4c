package io.concertsale.tickets.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.PaymentsDeclined;
import io.concertsale.events.data.PaymentsMoneyTransferAccepted;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.tickets.TicketsContractBase;
import io.concertsale.tickets.test.PaymentProviderStub;
import io.micrometer.core.instrument.Counter;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Paying for a reservation, end to end over real HTTP with the payment provider a real local HTTP server: checkouts,
 * the provider's answers and outages, confirmations checked with the provider before they move anything, tickets
 * issued, payments cancelled. Run on each database.
 */
abstract class PaymentContract extends TicketsContractBase {

    // --- paying -------------------------------------------------------------------------------------------------

    @Test
    void paidReservationGetsItsTicketsIssuedOnceHoweverOftenTheAuthorizationArrives() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        CloudEvent checkout = paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa");

        accept(checkout);
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        accept(requestReceived(session, pending.paymentId(), reserved));
        PROVIDER.authorize(pending.paymentId());
        accept(authorized(session, pending.paymentId(), reserved));
        accept(authorized(session, pending.paymentId(), reserved));

        assertThat(pending.method()).isEqualTo(PaymentMethod.CARD);
        assertThat(pending.amount()).isEqualByComparingTo("99.80");
        assertThat(pending.moneyTransfer()).isNull();
        PaymentProviderStub.Recorded creation = PROVIDER.creations(reserved.reservationId()).getFirst();
        assertThat(creation.header("Authorization")).hasValue("Bearer " + API_KEY);
        assertThat(creation.header("Idempotency-Key")).hasValue(checkout.getId());
        assertThat(creation.json().path("method").asString()).isEqualTo("CARD");
        assertThat(creation.json().path("cardToken").asString()).isEqualTo("tok_visa");
        assertThat(creation.json().path("amount").decimalValue()).isEqualByComparingTo("99.80");
        assertThat(creation.json().path("currency").asString()).isEqualTo("EUR");
        assertThat(creation.json().path("correlationKey").asString()).isEqualTo(session);
        assertThat(creation.json().path("description").asString()).isEqualTo("2 x Standing");
        TicketsPaymentAuthorized paid = awaitData(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session,
                TicketsPaymentAuthorized.class);
        assertThat(paid.paymentId()).isEqualTo(pending.paymentId());
        assertThat(paid.amount()).isEqualByComparingTo("99.80");
        TicketsIssued issued = awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class);
        assertThat(issued.reservationId()).isEqualTo(reserved.reservationId());
        assertThat(issued.tickets()).hasSize(2).extracting(IssuedTicket::ticketType).containsOnly(STANDING);
        assertThat(issued.tickets()).extracting(IssuedTicket::code).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[A-HJ-NP-Z2-9]{12}"));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).hasSize(1);
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 0, 2));
        JsonNode view = getJson("/api/reservations/" + reserved.reservationId());
        assertThat(view.path("status").asString()).isEqualTo("ISSUED");
        assertThat(view.path("tickets")).hasSize(2);
        assertThat(view.path("payments").get(0).path("status").asString()).isEqualTo("AUTHORIZED");
        assertThat(view.path("payments").get(0).path("acknowledgedAt").isMissingNode()).isFalse();
    }

    @Test
    void declinedPaymentMayBeRetriedWithAnotherCardUntilItIsPaid() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_declined"));
        TicketsPaymentPending first = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);

        accept(PAYMENTS.journey(EventTypes.PAYMENTS_DECLINED, session,
                new PaymentsDeclined(first.paymentId(), reserved.reservationId(), "CARD_DECLINED")));

        TicketsPaymentDeclined declined = awaitData(EventTypes.TICKETS_PAYMENT_DECLINED, session,
                TicketsPaymentDeclined.class);
        assertThat(declined.paymentId()).isEqualTo(first.paymentId());
        assertThat(declined.reason()).isEqualTo("CARD_DECLINED");
        assertThat(declined.holdExpiresAt()).isEqualTo(reserved.expiresAt());
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending second = SaleEvents.data(
                awaitEvents(EventTypes.TICKETS_PAYMENT_PENDING, session, 2).get(1), TicketsPaymentPending.class);
        assertThat(second.paymentId()).isNotEqualTo(first.paymentId());
        PROVIDER.authorize(second.paymentId());
        accept(authorized(session, second.paymentId(), reserved));

        assertThat(awaitData(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session, TicketsPaymentAuthorized.class)
                .paymentId()).isEqualTo(second.paymentId());
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(49, 0, 1));
    }

    @Test
    void cardTheProviderRefusesIsDeclinedWithTheProvidersReasonAndTheHoldStays() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD,
                PaymentProviderStub.UNKNOWN_CARD));

        TicketsPaymentDeclined declined = awaitData(EventTypes.TICKETS_PAYMENT_DECLINED, session,
                TicketsPaymentDeclined.class);
        assertThat(declined.reason()).isEqualTo("No card with token " + PaymentProviderStub.UNKNOWN_CARD);
        assertThat(declined.paymentId()).isNull();
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(payments(reserved.reservationId())).isZero();
    }

    @Test
    void providerOutageIsRetriedWithTheSameIdempotencyKeyUntilThePaymentIsCreated() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        CloudEvent checkout = paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa");
        PROVIDER.failNext(2);

        accept(checkout);

        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        assertThat(PROVIDER.creations(reserved.reservationId())).hasSize(3)
                .allSatisfy(request -> assertThat(request.header("Idempotency-Key")).hasValue(checkout.getId()));
        assertThat(PROVIDER.paymentsFor(reserved.reservationId())).singleElement()
                .satisfies(payment -> assertThat(payment.id()).isEqualTo(pending.paymentId()));
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        assertThat(payments(reserved.reservationId())).isEqualTo(1);
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).hasSize(1);
    }

    @Test
    void secondCheckoutWhileAPaymentIsUnderWayCreatesNoSecondPayment() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session, TicketsPaymentPending.class);

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));

        drained();
        assertThat(PROVIDER.creations(reserved.reservationId())).hasSize(1);
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).hasSize(1);
    }

    @Test
    void checkoutForAnotherSessionsReservationIsIgnored() {
        String owner = session();
        String intruder = session();
        TicketsReserved reserved = reserve(owner, STANDING, 1);

        accept(paymentRequested(intruder, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));

        drained();
        assertThat(PROVIDER.creations(reserved.reservationId())).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, intruder)).isEmpty();
    }

    @Test
    void moneyTransferComesWithInstructionsAndIssuesTheTicketsWhenTheTransferArrives() {
        String session = session();
        TicketsReserved reserved = reserve(session, VIP, 4);

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.MONEY_TRANSFER, null));

        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        assertThat(pending.method()).isEqualTo(PaymentMethod.MONEY_TRANSFER);
        assertThat(pending.amount()).isEqualByComparingTo("480.00");
        assertThat(pending.moneyTransfer()).isNotNull();
        assertThat(pending.moneyTransfer().iban()).isEqualTo("DE89370400440532013000");
        assertThat(pending.moneyTransfer().amount()).isEqualByComparingTo("480.00");
        assertThat(pending.moneyTransfer().dueBy()).isNotNull();
        assertThat(PROVIDER.creations(reserved.reservationId()).getFirst().json().path("method").asString())
                .isEqualTo("MONEY_TRANSFER");

        PROVIDER.authorize(pending.paymentId());
        accept(PAYMENTS.journey(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, session,
                new PaymentsMoneyTransferAccepted(pending.moneyTransfer().transferId(), reserved.reservationId(),
                        reserved.amount(), "EUR")));

        TicketsPaymentAuthorized paid = awaitData(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session,
                TicketsPaymentAuthorized.class);
        assertThat(paid.method()).isEqualTo(PaymentMethod.MONEY_TRANSFER);
        assertThat(paid.paymentId()).isEqualTo(pending.paymentId());
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(4)
                .extracting(IssuedTicket::ticketType).containsOnly(VIP);
        assertThat(counts(VIP)).isEqualTo(new Counts(6, 0, 4));
    }

    @Test
    void pollAppliesAnAuthorizationWhoseEventNeverCameAndTheLateEventChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        PROVIDER.authorize(pending.paymentId());

        clock.advance(Duration.ofSeconds(11));

        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(2);
        assertThat(poller.poll()).as("nothing is pending any more").isZero();
        accept(authorized(session, pending.paymentId(), reserved));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).hasSize(1);
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 0, 2));
    }

    // --- holds ending -------------------------------------------------------------------------------------------

    @Test
    void pendingPaymentKeepsTheHoldForTheGraceAndAnAuthorizationAfterItsExpiryIsCancelled() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);

        clock.advance(Duration.ofSeconds(HOLD_SECONDS + 1));
        sweeper.sweep();
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");

        clock.advance(Duration.ofSeconds(60));
        sweeper.sweep();
        TicketsReservationExpired expired = awaitData(EventTypes.TICKETS_RESERVATION_EXPIRED, session,
                TicketsReservationExpired.class);
        assertThat(expired.reason()).isEqualTo("HOLD_EXPIRED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));

        PROVIDER.authorize(pending.paymentId());
        accept(authorized(session, pending.paymentId(), reserved));

        awaitTrue("payment " + pending.paymentId() + " is cancelled at the provider",
                () -> PROVIDER.payment(pending.paymentId()).status().equals("CANCELLED"));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
        assertThat(paymentStatus(pending.paymentId())).isEqualTo("CANCELLED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    @Test
    void checkoutAfterTheHoldRanOutIsIgnored() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        clock.advance(Duration.ofSeconds(HOLD_SECONDS + 1));

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));

        assertThat(PROVIDER.creations(reserved.reservationId())).isEmpty();
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).isEmpty();
    }

    @Test
    void cleanUpReleasesAHoldWhosePaymentIsStillPendingAndItsLateAuthorizationIsCancelled() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);

        accept(ROUTER.journey(EventTypes.SESSION_CLEAN_UP, session, new SessionCleanUp(session)));
        TicketsReservationReleased released = awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session,
                TicketsReservationReleased.class);
        PROVIDER.authorize(pending.paymentId());
        accept(authorized(session, pending.paymentId(), reserved));

        assertThat(released.reason()).isEqualTo("CLEAN_UP");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        awaitTrue("payment " + pending.paymentId() + " is cancelled at the provider",
                () -> PROVIDER.payment(pending.paymentId()).status().equals("CANCELLED"));
        drained();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
    }

    @Test
    void cancellationTheProviderCouldNotTakeIsAskedForAgainUntilItIsDone() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        accept(abandoned(session));
        awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session, TicketsReservationReleased.class);
        PROVIDER.authorize(pending.paymentId());
        PROVIDER.failNextCancellations(2);

        accept(authorized(session, pending.paymentId(), reserved));

        awaitTrue("the cancellation of payment " + pending.paymentId() + " is done",
                () -> jdbc.sql("SELECT COUNT(*) FROM payment_cancellation WHERE payment_id = :id")
                        .param("id", pending.paymentId()).query(Long.class).single() == 0);
        assertThat(PROVIDER.payment(pending.paymentId()).status()).isEqualTo("CANCELLED");
        assertThat(PROVIDER.cancellations(pending.paymentId())).as("two failed, the third cancelled").hasSize(3);
        assertThat(paymentStatus(pending.paymentId())).isEqualTo("CANCELLED");
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    // --- facts checked before they move anything -----------------------------------------------------------------

    @Test
    void forgedMoneyTransferAcceptedForOnesOwnPendingTransferIssuesNothingUntilTheProviderHasTheMoney() {
        String session = session();
        TicketsReserved reserved = reserve(session, VIP, 4);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.MONEY_TRANSFER, null));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        double unconfirmed = unconfirmed(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED);
        CloudEvent forged = PAYMENTS.journey(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, session,
                new PaymentsMoneyTransferAccepted(pending.moneyTransfer().transferId(), reserved.reservationId(),
                        reserved.amount(), "EUR"));

        HttpResponse<String> refused = post(forged);

        assertProblem(refused, "payment-not-confirmed", "PENDING");
        assertThat(unconfirmed(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED) - unconfirmed).isEqualTo(1);
        assertThat(PROVIDER.requests()).anyMatch(request -> request.method().equals("GET")
                && request.path().equals("/api/payments/" + pending.paymentId()));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        assertThat(counts(VIP)).isEqualTo(new Counts(6, 4, 0));

        PROVIDER.authorize(pending.paymentId());
        accept(PAYMENTS.journey(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, session,
                new PaymentsMoneyTransferAccepted(pending.moneyTransfer().transferId(), reserved.reservationId(),
                        reserved.amount(), "EUR")));
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(4);
    }

    @Test
    void authorizationThatDiffersFromWhatTheProviderSaysIsRefusedAndChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        String other = session();
        TicketsReserved others = reserve(other, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        PROVIDER.authorize(pending.paymentId());
        double unconfirmed = unconfirmed(EventTypes.PAYMENTS_AUTHORIZED);

        assertProblem(post(PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, session, new PaymentsAuthorized(
                pending.paymentId(), reserved.reservationId(), new BigDecimal("0.01"), "EUR", "AUTH-1"))),
                "payment-not-confirmed", "0.01");
        assertProblem(post(PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, session, new PaymentsAuthorized(
                pending.paymentId(), reserved.reservationId(), reserved.amount(), "USD", "AUTH-1"))),
                "payment-not-confirmed", "USD");
        assertProblem(post(PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, other, new PaymentsAuthorized(
                pending.paymentId(), others.reservationId(), reserved.amount(), "EUR", "AUTH-1"))),
                "payment-not-confirmed", others.reservationId());
        assertProblem(post(PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, session, new PaymentsAuthorized(
                "pay_nobody", reserved.reservationId(), reserved.amount(), "EUR", "AUTH-1"))),
                "payment-not-confirmed", "does not know");

        assertThat(unconfirmed(EventTypes.PAYMENTS_AUTHORIZED) - unconfirmed).isEqualTo(4);
        drained();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_ISSUED, other)).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        assertThat(status(others.reservationId())).isEqualTo("HELD");
        accept(authorized(session, pending.paymentId(), reserved));
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(2);
    }

    @Test
    void authorizationThatCannotBeCheckedWithTheProviderIsRetriedNotDropped() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        PROVIDER.authorize(pending.paymentId());
        CloudEvent authorization = authorized(session, pending.paymentId(), reserved);
        PROVIDER.failNext(1000);

        HttpResponse<String> unavailable = post(authorization);

        PROVIDER.failNext(0);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
        assertThat(unavailable.body()).contains("urn:concertsale:problem:payment-provider-unavailable");
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        HttpResponse<String> redelivered = post(authorization);
        assertThat(redelivered.statusCode()).isEqualTo(202);
        assertThat(redelivered.headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(1);
    }

    double unconfirmed(String type) {
        Counter counter = meters.find(PaymentConfirmations.METER).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aPaymentMethodOutsideThePublishedLanguageIsInvalidDataAndChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        CloudEvent byBitcoin = CloudEventBuilder.v1(paymentRequested(session, reserved.reservationId(),
                PaymentMethod.CARD, "tok_visa")).withData(SaleEvents.JSON, ("{\"sessionId\":\"" + session
                        + "\",\"reservationId\":\"" + reserved.reservationId()
                        + "\",\"method\":\"BITCOIN\",\"cardToken\":\"tok_visa\"}").getBytes(StandardCharsets.UTF_8))
                .build();
        CloudEvent byIndex = CloudEventBuilder.v1(byBitcoin).withId(UUID.randomUUID().toString())
                .withData(SaleEvents.JSON, ("{\"sessionId\":\"" + session + "\",\"reservationId\":\""
                        + reserved.reservationId() + "\",\"method\":0,\"cardToken\":\"tok_visa\"}")
                        .getBytes(StandardCharsets.UTF_8)).build();
        CloudEvent receivedByBitcoin = CloudEventBuilder.v1(requestReceived(session, "pay-unknown", reserved))
                .withData(SaleEvents.JSON, ("{\"paymentId\":\"pay-unknown\",\"reference\":\""
                        + reserved.reservationId() + "\",\"method\":\"BITCOIN\",\"amount\":99.80,"
                        + "\"currency\":\"EUR\"}").getBytes(StandardCharsets.UTF_8)).build();

        assertProblem(post(byBitcoin), "invalid-data", "method");
        assertProblem(post(byIndex), "invalid-data", "method");
        assertProblem(post(receivedByBitcoin), "invalid-data", "method");

        drained();
        assertThat(PROVIDER.creations(reserved.reservationId())).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM checkout WHERE reservation_id = :id")
                .param("id", reserved.reservationId()).query(Long.class).single()).isZero();
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
    }
}
