package io.concertsale.gateway.shop.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReserved;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SessionTest {

    static final Instant NOW = Instant.parse("2026-11-01T18:00:00Z");
    static final Supplier<JoinNumber> PLACE = () -> new JoinNumber("sale-1", 7);

    Session session = Session.create("s-1", NOW);

    @Test
    void joiningMovesANewSessionToQueuedWithItsJoinNumberAndJoiningAgainKeepsIt() {
        assertThat(session.join(NOW, PLACE)).isTrue();
        assertThat(session.stage()).isEqualTo(Stage.QUEUED);
        assertThat(session.joinedAt()).isEqualTo(NOW);
        assertThat(session.saleId()).isEqualTo("sale-1");
        assertThat(session.queueNumber()).isEqualTo(7);

        assertThat(session.join(NOW.plusSeconds(5), () -> {
            throw new AssertionError("a session that joined already takes no other number");
        })).isFalse();
        assertThat(session.joinedAt()).isEqualTo(NOW);
        assertThat(session.queueNumber()).isEqualTo(7);
    }

    @Test
    void theWaitingRoomsAnswerGivesThePositionAndKeepsTheGatewaysNumber() {
        session.join(NOW, PLACE);

        assertThat(session.queued(new QueueCustomerQueued("s-1", 7, 3, 4, 2))).isTrue();
        assertThat(session.queued(new QueueCustomerQueued("s-1", 7, 1, 6, 1))).as("the first answer counts").isFalse();

        assertThat(session.queueNumber()).isEqualTo(7);
        assertThat(session.positionAtJoin()).isEqualTo(3);
        assertThat(session.admittedBefore()).isEqualTo(4);
    }

    @Test
    void joiningOnceAdmittedIsAConflict() {
        session.join(NOW, PLACE);
        session.admitted(exited("t"));

        assertThatThrownBy(() -> session.join(NOW, PLACE)).isInstanceOf(StageConflictException.class)
                .hasMessageContaining("ADMITTED");
    }

    @Test
    void happyPathRunsToCompleted() {
        session.join(NOW, PLACE);
        assertThat(session.queued(new QueueCustomerQueued("s-1", 7, 3, 4, 2))).isTrue();
        assertThat(session.admitted(exited("token"))).isTrue();
        session.requestTickets();
        assertThat(session.reserved(reserved("r-1"))).isTrue();
        session.startPayment(PaymentMethod.CARD, "VISA", "1111");
        assertThat(session.paymentPending(pending("p-1"))).isTrue();
        assertThat(session.paymentAuthorized(authorized("p-1"))).isTrue();
        assertThat(session.issued("r-1", List.of(new IssuedTicket("T-1", "STANDING")))).isTrue();

        assertThat(session.stage()).isEqualTo(Stage.COMPLETED);
        assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(session.paymentAttempts()).isEqualTo(1);
        assertThat(session.tickets()).extracting(IssuedTicket::code).containsExactly("T-1");
    }

    @Test
    void lateFactsDoNotMoveBackwards() {
        session.join(NOW, PLACE);
        session.admitted(exited("token"));
        session.reserved(reserved("r-1"));

        assertThat(session.admitted(exited("other"))).isFalse();
        assertThat(session.queued(new QueueCustomerQueued("s-1", 9, 9, 0, 0))).isTrue();
        assertThat(session.stage()).isEqualTo(Stage.RESERVED);
        assertThat(session.admissionToken()).isEqualTo("token");
    }

    @Test
    void repeatedFactsChangeNothing() {
        session.join(NOW, PLACE);
        assertThat(session.queued(new QueueCustomerQueued("s-1", 7, 3, 4, 2))).isTrue();
        assertThat(session.queued(new QueueCustomerQueued("s-1", 7, 3, 4, 2))).isFalse();
        assertThat(session.admitted(exited("token"))).isTrue();
        assertThat(session.admitted(exited("token"))).isFalse();
        assertThat(session.reserved(reserved("r-1"))).isTrue();
        assertThat(session.reserved(reserved("r-1"))).isFalse();
    }

    @Test
    void terminalStagesStick() {
        session.join(NOW, PLACE);
        session.leave("LEFT", "bye");

        assertThat(session.admitted(exited("token"))).isFalse();
        assertThat(session.reserved(reserved("r-1"))).isFalse();
        assertThat(session.expired("r-1", "HOLD_EXPIRED")).isFalse();
        assertThat(session.issued("r-1", List.of(new IssuedTicket("T-1", "STANDING")))).isFalse();
        assertThat(session.requirePaymentMethod(PaymentMethod.MONEY_TRANSFER)).isFalse();
        assertThat(session.stage()).isEqualTo(Stage.ABANDONED);
        assertThat(session.exitReason()).isEqualTo("LEFT");
        assertThatThrownBy(() -> session.leave("LEFT", "again")).isInstanceOf(StageConflictException.class);
    }

    @Test
    void declinedPaymentGoesBackToReservedAndItsLaterFactsAreStale() {
        reservedSession();
        session.startPayment(PaymentMethod.CARD, "VISA", "0002");
        session.paymentPending(pending("p-1"));

        assertThat(session.paymentDeclined(declined("p-1"))).isTrue();
        assertThat(session.stage()).isEqualTo(Stage.RESERVED);
        assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(session.declineReason()).isEqualTo("CARD_DECLINED");
        assertThat(session.reservationExpiresAt()).isEqualTo(NOW.plusSeconds(90));

        session.startPayment(PaymentMethod.CARD, "VISA", "1111");
        assertThat(session.paymentAttempts()).isEqualTo(2);
        assertThat(session.paymentPending(pending("p-1"))).isFalse();
        assertThat(session.paymentDeclined(declined("p-1"))).isFalse();
        assertThat(session.paymentAuthorized(authorized("p-1"))).isFalse();
        assertThat(session.stage()).isEqualTo(Stage.PAYMENT_PENDING);
        assertThat(session.paymentAuthorized(authorized("p-2"))).isTrue();
        assertThat(session.stage()).isEqualTo(Stage.PAID);
    }

    @Test
    void declineOfAnotherAttemptThanTheCurrentOneIsIgnored() {
        reservedSession();
        session.startPayment(PaymentMethod.CARD, "VISA", "1111");
        session.paymentPending(pending("p-2"));

        assertThat(session.paymentDeclined(declined("p-old"))).isFalse();
        assertThat(session.stage()).isEqualTo(Stage.PAYMENT_PENDING);
    }

    @Test
    void payingNeedsAReservationAndTheRequiredMethod() {
        session.join(NOW, PLACE);
        assertThatThrownBy(() -> session.checkPayable(PaymentMethod.CARD)).isInstanceOf(StageConflictException.class);

        session.admitted(exited("t"));
        session.reserved(reserved("r-1"));
        assertThat(session.requirePaymentMethod(PaymentMethod.MONEY_TRANSFER)).isTrue();
        assertThatThrownBy(() -> session.checkPayable(PaymentMethod.CARD))
                .isInstanceOf(PaymentMethodRequiredException.class);
        session.startPayment(PaymentMethod.MONEY_TRANSFER, null, null);
        assertThat(session.stage()).isEqualTo(Stage.PAYMENT_PENDING);
    }

    @Test
    void retryableRejectionKeepsTheSessionAdmittedAndTheNextRequestClearsIt() {
        session.join(NOW, PLACE);
        session.admitted(exited("t"));

        assertThat(session.reservationRejected(rejected(true))).isTrue();
        assertThat(session.stage()).isEqualTo(Stage.ADMITTED);
        assertThat(session.exitRetryable()).isTrue();
        assertThat(session.reservationRejected(rejected(true))).isFalse();

        session.requestTickets();
        assertThat(session.exitReason()).isNull();
        assertThat(session.reservationRejected(rejected(false))).isTrue();
        assertThat(session.stage()).isEqualTo(Stage.REJECTED);
        assertThat(session.exitRetryable()).isFalse();
    }

    @Test
    void expiryAppliesOnlyToTheSessionsOwnReservationBeforeItIsPaid() {
        reservedSession();
        assertThat(session.expired("r-other", "HOLD_EXPIRED")).isFalse();
        assertThat(session.expired("r-1", "TIMED_OUT")).isTrue();
        assertThat(session.stage()).isEqualTo(Stage.EXPIRED);
        assertThat(session.exitReason()).isEqualTo("TIMED_OUT");

        Session paid = Session.create("s-2", NOW);
        paid.join(NOW, PLACE);
        paid.reserved(reserved("r-2"));
        paid.paymentAuthorized(authorized("p-9"));
        assertThat(paid.expired("r-2", "HOLD_EXPIRED")).isFalse();
        assertThat(paid.stage()).isEqualTo(Stage.PAID);
    }

    @Test
    void emittedTicketsFillInTicketsOfACompletedSessionOnce() {
        reservedSession();
        session.issued("r-1", List.of());

        assertThat(session.issued("r-1", List.of(new IssuedTicket("E-1", "STANDING")))).isTrue();
        assertThat(session.issued("r-1", List.of(new IssuedTicket("E-2", "STANDING")))).isFalse();
        assertThat(session.tickets()).extracting(IssuedTicket::code).containsExactly("E-1");
    }

    @Test
    void idleSessionEndsAbandonedAsExpired() {
        session.join(NOW, PLACE);

        session.expireIdle("gone");

        assertThat(session.stage()).isEqualTo(Stage.ABANDONED);
        assertThat(session.exitReason()).isEqualTo("SESSION_EXPIRED");
    }

    private void reservedSession() {
        session.join(NOW, PLACE);
        session.admitted(exited("t"));
        session.reserved(reserved("r-1"));
    }

    static QueueCustomerExited exited(String token) {
        return new QueueCustomerExited("s-1", 7, token, NOW.plusSeconds(300), NOW);
    }

    static TicketsReserved reserved(String reservationId) {
        return new TicketsReserved("s-1", reservationId, "STANDING", 2, new BigDecimal("59.00"),
                new BigDecimal("118.00"), "EUR", NOW.plusSeconds(120));
    }

    static TicketsPaymentPending pending(String paymentId) {
        return new TicketsPaymentPending("s-1", "r-1", paymentId, PaymentMethod.CARD, new BigDecimal("118.00"), "EUR",
                null);
    }

    static TicketsPaymentAuthorized authorized(String paymentId) {
        return new TicketsPaymentAuthorized("s-1", null, paymentId, PaymentMethod.CARD, new BigDecimal("118.00"),
                "EUR");
    }

    static TicketsPaymentDeclined declined(String paymentId) {
        return new TicketsPaymentDeclined("s-1", "r-1", paymentId, "CARD_DECLINED", NOW.plusSeconds(90));
    }

    static TicketsReservationRejected rejected(boolean retryable) {
        return new TicketsReservationRejected("s-1", "STANDING", 4, retryable ? "NOT_ENOUGH_AVAILABLE" : "SOLD_OUT",
                retryable, 2, "only 2 left");
    }
}
