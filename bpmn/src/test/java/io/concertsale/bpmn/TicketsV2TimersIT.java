package io.concertsale.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.concertsale.bpmn.TicketsEngine.Emitted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tickets-v2 on the local engine (or a Camunda 8, {@link ConformanceTarget}): payment reminders and the reservation
 * time-out, driven by the engine clock.
 */
class TicketsV2TimersIT {

    static final String REMINDER =
            "Your tickets are reserved: complete your payment before the reservation times out.";

    static TicketsEngine engine;

    @BeforeAll
    static void deploy() {
        engine = TicketsEngine.start();
        engine.deploy("tickets-v2");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void remindsEveryTenSecondsWhileWaitingForPaymentAndTimesTheReservationOutAfterTwoMinutesByDefault() {
        Customer customer = waitingForPayment(engine.customer().joins());
        long instance = customer.instance();

        engine.passTime(Duration.ofSeconds(9));
        assertThat(customer.emitted("Notifications.Requested")).as("no reminder before 10 s").isEmpty();
        engine.passTime(Duration.ofSeconds(1));
        customer.awaitEmitted("Notifications.Requested", 1);
        engine.passTime(Duration.ofSeconds(10));
        List<Emitted> reminders = customer.awaitEmitted("Notifications.Requested", 2);
        assertThat(reminders).allSatisfy(reminder -> assertThat(reminder.data()).containsOnly(
                entry("sessionId", customer.sessionId()), entry("kind", "PAYMENT_REMINDER"),
                entry("message", REMINDER)));
        assertThat(reminders).extracting(Emitted::elementId).containsOnly("Task_SendPaymentReminder");
        assertThat(customer.emitted("Tickets.ReservationTimedOut")).isEmpty();
        assertThat(engine.isActive(instance)).as("still waiting for the payment").isTrue();

        engine.passTime(Duration.ofSeconds(99));
        assertThat(customer.emitted("Tickets.ReservationTimedOut")).as("no time-out before 2 min").isEmpty();
        engine.passTime(Duration.ofSeconds(1));
        Emitted timedOut = customer.awaitEmitted("Tickets.ReservationTimedOut", 1).getFirst();
        assertThat(timedOut.data()).containsOnly(entry("sessionId", customer.sessionId()),
                entry("reservationId", customer.reservationId()));
        assertThat(timedOut.elementId()).isEqualTo("Task_TimeOutReservation");
        assertThat(engine.awaitEnded(instance))
                .containsSubsequence("Timer_ReservationTimeout", "Task_TimeOutReservation", "End_ReservationTimedOut")
                .doesNotContain("Receive_PaymentSent", "End_PaymentReceived", "End_TicketsPurchased");
    }

    @Test
    void honoursShortenedTimerSettingsFromTheMessageVariables() {
        Customer customer = waitingForPayment(engine.customer()
                .joins(Map.of("paymentReminderInterval", "PT1S", "reservationTimeout", "PT5S")));
        long instance = customer.instance();

        engine.passTime(Duration.ofSeconds(1));
        customer.awaitEmitted("Notifications.Requested", 1);
        engine.passTime(Duration.ofSeconds(1));
        customer.awaitEmitted("Notifications.Requested", 2);
        engine.passTime(Duration.ofSeconds(2));
        assertThat(customer.emitted("Tickets.ReservationTimedOut")).as("no time-out before 5 s").isEmpty();
        engine.passTime(Duration.ofSeconds(1));
        customer.awaitEmitted("Tickets.ReservationTimedOut", 1);
        assertThat(engine.awaitEnded(instance)).contains("End_ReservationTimedOut")
                .doesNotContain("End_TicketsPurchased");
    }

    @Test
    void aPaymentInTimeEndsAtTicketsPurchasedAfterTheRemindersSoFar() {
        Customer customer = waitingForPayment(engine.customer().joins());
        long instance = customer.instance();
        engine.passTime(Duration.ofSeconds(10));
        customer.awaitEmitted("Notifications.Requested", 1);

        customer.paysByCard().paymentIsAuthorized();

        assertThat(engine.awaitEnded(instance)).containsSubsequence("Receive_PaymentSent", "Receive_PaymentAuthorized",
                        "End_PaymentReceived", "SubProcess_WaitingForPayment", "End_TicketsPurchased")
                .doesNotContain("Timer_ReservationTimeout", "Message_ReservationExpired");
        assertThat(customer.emitted()).extracting(Emitted::type).containsExactly("Notifications.Requested");
    }

    @Test
    void theTicketsServiceExpiringTheReservationEndsAtReservationExpiredWithoutATimeOut() {
        Customer customer = waitingForPayment(engine.customer().joins());
        long instance = customer.instance();

        customer.reservationExpires();

        assertThat(engine.awaitEnded(instance)).containsSubsequence("Message_ReservationExpired",
                "End_ReservationExpired").doesNotContain("Task_TimeOutReservation", "End_TicketsPurchased");
        assertThat(customer.emitted("Tickets.ReservationTimedOut")).isEmpty();
    }

    /** Admitted and holding two tickets: the instance waits in SubProcess_WaitingForPayment with its timers set. */
    private static Customer waitingForPayment(Customer joined) {
        joined.isAdmitted().reserves(2);
        engine.awaitActivated(joined.instance(), "Receive_PaymentSent");
        engine.idle();
        return joined;
    }
}
