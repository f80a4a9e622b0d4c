package io.concertsale.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.concertsale.bpmn.TicketsEngine.Emitted;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tickets-v3 on the local engine (or a Camunda 8, {@link ConformanceTarget}): the journey in "Customer Buying
 * Tickets", delivery, follow-up and clean-up.
 */
class TicketsV3OrchestrationIT {

    static final String FOLLOW_UP = "Thanks for your purchase: we will be in touch before the concert.";

    static TicketsEngine engine;

    @BeforeAll
    static void deploy() {
        engine = TicketsEngine.start();
        engine.deploy("tickets-v3");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aPaidPurchaseEmitsTheTicketsAndBooksAFollowUpThenCompletesTheJourney() {
        Customer customer = engine.customer().joins().isAdmitted().reserves(2).paysByCard().paymentIsAuthorized();

        assertThat(engine.awaitEnded(customer.instance()))
                .containsSubsequence("Receive_PaymentAuthorized", "SubProcess_WaitingForPayment",
                        "Gateway_PaymentDone", "Gateway_Delivered", "End_TicketsPurchased",
                        "SubProcess_CustomerBuyingTickets", "End_JourneyCompleted")
                .contains("Task_EmitTickets", "Task_BookCustomerFollowUp")
                .doesNotContain("Task_CleanUp", "End_CustomerAbandoned");
        assertThat(customer.emitted()).extracting(Emitted::type)
                .containsExactlyInAnyOrder("Tickets.Emitted", "Customer.FollowUpBooked");
        assertThat(customer.emitted("Tickets.Emitted").getFirst().data()).containsOnly(
                entry("sessionId", customer.sessionId()), entry("reservationId", customer.reservationId()));
        assertThat(customer.emitted("Customer.FollowUpBooked").getFirst().data()).containsOnly(
                entry("sessionId", customer.sessionId()), entry("message", FOLLOW_UP));
    }

    @Test
    void aCustomerWhoAbandonsMidPurchaseGetsTheSessionCleanedUp() {
        Customer customer = engine.customer().joins().isAdmitted().reserves(4);
        long instance = customer.instance();
        engine.awaitActivated(instance, "Receive_PaymentSent");

        customer.abandons();

        assertThat(engine.awaitEnded(instance))
                .containsSubsequence("Message_CustomerAbandoned", "Task_CleanUp", "End_CustomerAbandoned")
                .doesNotContain("SubProcess_CustomerBuyingTickets", "End_TicketsPurchased", "End_JourneyCompleted");
        Emitted cleanUp = customer.awaitEmitted("Session.CleanUp", 1).getFirst();
        assertThat(cleanUp.data()).containsOnly(entry("sessionId", customer.sessionId()));
        assertThat(cleanUp.elementId()).isEqualTo("Task_CleanUp");
    }

    @Test
    void aCustomerWhoAbandonsInTheWaitingRoomGetsTheSessionCleanedUpToo() {
        Customer customer = engine.customer().joins();
        engine.awaitActivated(customer.instance(), "Receive_CustomerAdmitted");

        customer.abandons();

        assertThat(engine.awaitEnded(customer.instance())).contains("End_CustomerAbandoned")
                .doesNotContain("Receive_CustomerAdmitted");
        assertThat(customer.emitted()).extracting(Emitted::type).containsExactly("Session.CleanUp");
    }

    @Test
    void aReservationTimedOutEndsInsideTheJourneyWhichThenCompletes() {
        Customer customer = engine.customer().joins().isAdmitted().reserves(2);
        long instance = customer.instance();
        engine.awaitActivated(instance, "Receive_PaymentSent");

        engine.passTime(Duration.ofMinutes(2));

        assertThat(engine.awaitEnded(instance)).containsSubsequence("Task_TimeOutReservation",
                        "End_ReservationTimedOut", "SubProcess_CustomerBuyingTickets", "End_JourneyCompleted")
                .doesNotContain("Task_EmitTickets", "End_TicketsPurchased", "Task_CleanUp");
        assertThat(customer.emitted("Tickets.ReservationTimedOut")).hasSize(1);
    }

    @Test
    void theTicketsServiceExpiringTheReservationEndsInsideTheJourneyWhichThenCompletes() {
        Customer customer = engine.customer().joins().isAdmitted().reserves(2);
        engine.awaitActivated(customer.instance(), "Receive_PaymentSent");

        customer.reservationExpires();

        assertThat(engine.awaitEnded(customer.instance())).containsSubsequence("Message_ReservationExpired",
                "End_ReservationExpired", "SubProcess_CustomerBuyingTickets", "End_JourneyCompleted");
        assertThat(customer.emitted()).isEmpty();
    }
}
