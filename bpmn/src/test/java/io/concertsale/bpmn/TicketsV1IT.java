package io.concertsale.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tickets-v1 on the local engine (or a Camunda 8, {@link ConformanceTarget}): it follows the journey from the events
 * and emits nothing.
 */
class TicketsV1IT {

    static TicketsEngine engine;

    @BeforeAll
    static void deploy() {
        engine = TicketsEngine.start();
        engine.deploy("tickets-v1");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void followsAPurchaseFromJoiningTheQueueToTicketsPurchased() {
        Customer customer = engine.customer().joins().isAdmitted().reserves(2).paysByCard().paymentIsAuthorized();

        assertThat(engine.awaitEnded(customer.instance())).containsExactly("Start_CustomerJoined",
                "Receive_CustomerAdmitted", "Receive_TicketsReserved", "Receive_PaymentSent",
                "Receive_PaymentAuthorized", "End_TicketsPurchased");
        assertThat(customer.emitted()).as("v1 only listens").isEmpty();
    }

    @Test
    void waitsAtTheStepTheCustomerHasReached() {
        Customer customer = engine.customer().joins().isAdmitted();
        long instance = customer.instance();

        engine.awaitActivated(instance, "Receive_TicketsReserved");
        assertThat(engine.isActive(instance)).isTrue();
        assertThat(engine.completedElements(instance)).containsExactly("Start_CustomerJoined",
                "Receive_CustomerAdmitted");
    }

    @Test
    void eventsOfAnotherSessionDoNotMoveTheJourney() {
        Customer waiting = engine.customer().joins().isAdmitted();
        Customer buying = engine.customer().joins().isAdmitted().reserves(1).paysByCard().paymentIsAuthorized();

        engine.awaitEnded(buying.instance());
        assertThat(waiting.instance()).isNotEqualTo(buying.instance());
        assertThat(engine.isActive(waiting.instance())).isTrue();
        assertThat(engine.completedElements(waiting.instance())).doesNotContain("Receive_TicketsReserved");
    }

    @Test
    void eventsThatArriveBeforeTheProcessWaitsForThemAreBufferedUntilItDoes() {
        Customer customer = engine.customer().joins();
        customer.paymentIsAuthorized().paysByCard().reserves(3).isAdmitted();

        assertThat(engine.awaitEnded(customer.instance())).contains("End_TicketsPurchased");
    }
}
