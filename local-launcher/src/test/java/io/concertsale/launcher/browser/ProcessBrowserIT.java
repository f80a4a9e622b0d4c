package io.concertsale.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.launcher.LaunchOptions;
import io.concertsale.launcher.LocalSale;
import io.concertsale.launcher.SaleApi;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the audience of the walkthrough sees in the browser, with the models' events coming from the real process on
 * the embedded engine: the launcher starts with {@code --sale.model=v2} (reminders every 2 s, a time-out after 12 s),
 * then v4 is deployed while the sale runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessBrowserIT {

    static final String SALE = """
            {"name":"Orchestration Live","currency":"EUR",
             "ticketTypes":[{"type":"STANDING","name":"Standing","price":59.00,"quantity":40}],
             "maxTicketsPerCustomer":10,"holdSeconds":120,
             "admission":{"ratePerSecond":50,"maxActiveShoppers":50,"paused":false}}""";

    @TempDir
    static Path dataDir;

    static LocalSale sale;
    static SaleApi api;
    static URI shop;

    Browser browser;

    @BeforeAll
    static void launch() {
        sale = LocalSale.start(new LaunchOptions(dataDir, true, "process-browser-password", Map.of(
                "payments.money-transfer.auto-accept-after", "3s",
                "router.messages.variables.paymentReminderInterval", "PT2S",
                "router.messages.variables.reservationTimeout", "PT12S")).withModel("v2"));
        shop = sale.url(LocalSale.Part.GATEWAY);
        api = new SaleApi(shop, sale.adminPassword());
        api.openSale(SALE);
    }

    @AfterAll
    static void stop() {
        if (sale != null) {
            sale.close();
        }
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        Browser.closeAfter(browser, test);
    }

    @Test
    @Order(1)
    void v2RemindsTheFanAtCheckoutAndThenTimesTheReservationOut() {
        browser = Browser.desktop();
        joinAndReserve(2);

        browser.awaitText("#toasts", "complete your payment before the reservation times out");
        browser.awaitText("#message-list", "Reminder: Your tickets are reserved");
        browser.await("a second reminder 2 s later", driver -> browser.findAll("#message-list li").size() >= 2
                ? true : null);
        browser.screenshotFromTop("10-payment-reminder");

        // the process's time-out (12 s) comes long before the tickets service's hold (120 s) would run out
        browser.awaitView("exit");
        browser.awaitText("#exit-title", "Your reservation timed out");
        assertThat(browser.find("#exit-message").getText()).contains("went back on sale");
        SaleApi.await(() -> api.ticketType("STANDING"), type -> type.path("available").asInt() == 40,
                SaleApi.WAIT, "the timed-out tickets back on sale");
    }

    @Test
    @Order(2)
    void v4AsksABulkOrderForABankTransferAndIssuesTheTicketsWhenItArrives() {
        sale.deployModel("tickets-v4");
        browser = Browser.desktop();
        joinAndReserve(10);

        browser.awaitText("#required-method", "Bank transfer required");
        assertThat(browser.find("#method-transfer").isSelected()).as("the transfer chosen for the fan").isTrue();
        browser.screenshotFromTop("11-bank-transfer-required");
        browser.click("#pay-transfer");
        browser.awaitView("pending");

        browser.awaitView("tickets");
        browser.await("10 ticket codes", driver -> browser.findAll(".ticket-code").size() == 10 ? true : null);
    }

    /** Joins from the concert page, asks for STANDING tickets when the turn comes, and reaches checkout. */
    private void joinAndReserve(int quantity) {
        browser.open(shop);
        browser.click("#join");
        browser.awaitView("select");
        browser.type("#quantity", String.valueOf(quantity));
        browser.click("#reserve");
        browser.awaitView("checkout");
    }
}
