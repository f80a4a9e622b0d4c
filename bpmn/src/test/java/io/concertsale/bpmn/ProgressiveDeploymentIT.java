package io.concertsale.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.Process;
import io.concertsale.bpmn.TicketsEngine.Emitted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deploying v1, v2, v3, v4 one after the other while a sale runs: running instances finish on the version they
 * started on, new customers start on the newest. Each test deploys from v1, so each has its own engine (on a
 * Camunda 8, {@link ConformanceTarget}, each its own client of the same cluster).
 */
class ProgressiveDeploymentIT {

    TicketsEngine engine;

    @BeforeEach
    void start() {
        engine = TicketsEngine.start();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void anInstanceStartedOnV1FinishesOnV1AfterV2IsDeployedWhileANewCustomerStartsOnV2() {
        Process v1 = engine.deploy("tickets-v1");
        Customer early = engine.customer().joins().isAdmitted().reserves(2);
        long earlyInstance = early.instance();
        engine.awaitActivated(earlyInstance, "Receive_PaymentSent");

        Process v2 = engine.deploy("tickets-v2");
        assertThat(v2.getVersion()).isEqualTo(v1.getVersion() + 1);
        assertThat(v2.getBpmnProcessId()).isEqualTo("tickets").isEqualTo(v1.getBpmnProcessId());
        Customer late = engine.customer().joins().isAdmitted().reserves(2);
        long lateInstance = late.instance();
        engine.awaitActivated(lateInstance, "SubProcess_WaitingForPayment");

        early.paysByCard().paymentIsAuthorized();
        assertThat(engine.awaitEnded(earlyInstance)).contains("End_TicketsPurchased")
                .doesNotContain("SubProcess_WaitingForPayment");
        assertThat(engine.processDefinitionKeyOf(earlyInstance)).isEqualTo(v1.getProcessDefinitionKey());
        assertThat(engine.processDefinitionKeyOf(lateInstance)).isEqualTo(v2.getProcessDefinitionKey());
        assertThat(engine.instancesStartedFor(early.sessionId())).as("the buffered start message started one instance")
                .containsExactly(earlyInstance);
    }

    @Test
    void eachNewVersionStartsTheNextCustomersWhileEveryEarlierOneRunsOn() {
        List<Process> versions = new ArrayList<>();
        List<Customer> customers = new ArrayList<>();
        for (String model : TicketsModels.ALL) {
            versions.add(engine.deploy(model));
            Customer customer = engine.customer().joins().isAdmitted().reserves(2);
            engine.awaitActivated(customer.instance(), "Receive_PaymentSent");
            customers.add(customer);
        }

        // each a new version, one more than the one before (1 to 4 on a fresh engine; on a Camunda 8 that already
        // knew the process, the numbers go on from there)
        int first = versions.getFirst().getVersion();
        assertThat(versions).extracting(Process::getVersion).containsExactly(first, first + 1, first + 2, first + 3);
        for (int i = 0; i < customers.size(); i++) {
            assertThat(engine.processDefinitionKeyOf(customers.get(i).instance()))
                    .as("customer %d", i + 1).isEqualTo(versions.get(i).getProcessDefinitionKey());
        }
        customers.forEach(customer -> customer.paysByCard().paymentIsAuthorized());
        for (Customer customer : customers) {
            assertThat(engine.awaitEnded(customer.instance())).contains("End_TicketsPurchased");
        }
        assertThat(customers.getLast().emitted()).extracting(Emitted::type)
                .containsExactlyInAnyOrder("Tickets.Emitted", "Customer.FollowUpBooked");
        assertThat(customers.getFirst().emitted()).isEmpty();
    }
}
