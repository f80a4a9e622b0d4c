package io.concertsale.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.concertsale.bpmn.TicketsEngine.Emitted;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * tickets-v4 on the local engine (or a Camunda 8, {@link ConformanceTarget}): bulk orders are paid by money transfer,
 * the others by card.
 */
class TicketsV4DecisionsIT {

    static TicketsEngine engine;

    @BeforeAll
    static void deploy() {
        engine = TicketsEngine.start();
        engine.deploy("tickets-v4");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void tenTicketsArePaidByMoneyTransfer() {
        Customer customer = engine.customer().joins().isAdmitted().reserves(10);
        long instance = customer.instance();

        Emitted requested = customer.awaitEmitted("Payments.MoneyTransferRequested", 1).getFirst();
        assertThat(requested.data()).containsOnly(entry("sessionId", customer.sessionId()),
                entry("reservationId", customer.reservationId()), entry("amount", 590.0), entry("currency", "EUR"));
        engine.awaitActivated(instance, "Receive_MoneyTransferAccepted");

        customer.moneyTransferIsAccepted();

        assertThat(engine.awaitEnded(instance))
                .containsSubsequence("Receive_TicketsReserved", "Gateway_BulkOrder", "Task_RequestMoneyTransfer",
                        "Receive_MoneyTransferAccepted", "End_BulkTicketsPurchased",
                        "SubProcess_CustomerBuyingTickets", "End_JourneyCompleted")
                .doesNotContain("SubProcess_WaitingForPayment", "End_TicketsPurchased");
        assertThat(customer.emitted()).extracting(Emitted::type).containsExactly("Payments.MoneyTransferRequested");
    }

    @Test
    void twoTicketsArePaidByCardAsInV3() {
        Customer customer = engine.customer().joins().isAdmitted().reserves(2).paysByCard().paymentIsAuthorized();

        assertThat(engine.awaitEnded(customer.instance()))
                .containsSubsequence("Gateway_BulkOrder", "Receive_PaymentSent", "Receive_PaymentAuthorized",
                        "SubProcess_WaitingForPayment", "End_TicketsPurchased", "End_JourneyCompleted")
                .contains("Task_EmitTickets", "Task_BookCustomerFollowUp")
                .doesNotContain("Task_RequestMoneyTransfer", "End_BulkTicketsPurchased");
        assertThat(customer.emitted()).extracting(Emitted::type)
                .containsExactlyInAnyOrder("Tickets.Emitted", "Customer.FollowUpBooked");
    }

    @ParameterizedTest(name = "{0} tickets, bulkOrderThreshold {1}: {2}")
    @CsvSource(nullValues = "default", value = {
            "10, default, Task_RequestMoneyTransfer",
            "9, default, SubProcess_WaitingForPayment",
            "25, default, Task_RequestMoneyTransfer",
            "4, 4, Task_RequestMoneyTransfer",
            "3, 4, SubProcess_WaitingForPayment",
            "10, 20, SubProcess_WaitingForPayment"})
    void theBulkOrderThresholdDecidesThePaymentPath(int quantity, Integer threshold, String path) {
        Map<String, Object> routerVariables = threshold == null ? Map.of() : Map.of("bulkOrderThreshold", threshold);
        Customer customer = engine.customer().joins(routerVariables).isAdmitted().reserves(quantity);

        engine.awaitActivated(customer.instance(), path);
        List<String> entered = engine.activatedElements(customer.instance());
        assertThat(entered).contains(path)
                .doesNotContain(path.equals("Task_RequestMoneyTransfer")
                        ? "SubProcess_WaitingForPayment" : "Task_RequestMoneyTransfer");
    }

    @Test
    void aBulkCustomerWhoAbandonsWhileTheTransferIsPendingGetsTheSessionCleanedUp() {
        Customer customer = engine.customer().joins().isAdmitted().reserves(12);
        engine.awaitActivated(customer.instance(), "Receive_MoneyTransferAccepted");

        customer.abandons();

        assertThat(engine.awaitEnded(customer.instance())).contains("Task_CleanUp", "End_CustomerAbandoned")
                .doesNotContain("End_BulkTicketsPurchased");
        assertThat(customer.emitted()).extracting(Emitted::type)
                .containsExactly("Payments.MoneyTransferRequested", "Session.CleanUp");
    }
}
