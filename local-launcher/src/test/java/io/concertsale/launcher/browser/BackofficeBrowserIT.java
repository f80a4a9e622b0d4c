package io.concertsale.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.launcher.LaunchOptions;
import io.concertsale.launcher.LocalSale;
import io.concertsale.launcher.SaleApi;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The operator in a real headless Chromium: signs in to the backoffice, resets the sale with a small inventory, and
 * watches the counters and the broker's event log move while a scripted customer buys through the API.
 */
class BackofficeBrowserIT {

    static final String PASSWORD = "backoffice-test-password";

    @TempDir
    static Path dataDir;

    static LocalSale sale;
    static SaleApi api;
    static URI gateway;

    Browser browser;

    @BeforeAll
    static void launch() {
        sale = LocalSale.start(new LaunchOptions(dataDir, true, PASSWORD, Map.of(
                "payments.authorization-delay", "300ms")));
        gateway = sale.url(LocalSale.Part.GATEWAY);
        api = new SaleApi(gateway, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (sale != null) {
            sale.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.screenshot("last-backoffice");
            browser.close();
        }
    }

    @Test
    void operatorResetsTheSaleAndWatchesCountersAndEventsWhileACustomerBuys() {
        assertThat(api.call("GET", "/backoffice", null, false).statusCode()).as("without the credential")
                .isEqualTo(401);
        browser = Browser.desktop();

        browser.open(URI.create("http://admin:" + PASSWORD + "@" + gateway.getAuthority() + "/backoffice"));
        browser.awaitText("#sale-name", "Kubernetes & Cloud Events World Tour");
        browser.await("#log-status[data-status='live']");
        browser.script("window.stillTheSamePage = true;");

        browser.type("#setup-name", "Backoffice rehearsal");
        browser.type("#setup-limit", "2");
        browser.type("#setup-hold", "60");
        browser.type("#setup-rate", "20");
        browser.type("#setup-cap", "10");
        List<WebElement> rows = browser.findAll("#setup-types .type-row");
        assertThat(rows).as("prefilled from the running sale").hasSize(2);
        rows.get(1).findElement(By.cssSelector("button")).click();
        browser.type("#setup-types .type-row [data-name='type']", "GA");
        browser.type("#setup-types .type-row [data-name='name']", "General admission");
        browser.type("#setup-types .type-row [data-name='price']", "30");
        browser.type("#setup-types .type-row [data-name='quantity']", "5");
        browser.click("#setup-open");
        browser.click("#confirm-reset-yes");
        browser.awaitText("#setup-result", "Opened “Backoffice rehearsal”");

        browser.awaitText("#sale-name", "Backoffice rehearsal");
        awaitStat("stat-remaining", 5);
        browser.awaitText("#inventory-GA", "General admission");
        JsonNode counters = api.counters();
        assertThat(counters.path("ticketTypes")).hasSize(1);
        assertThat(counters.path("ratePerSecond").asDouble()).isEqualTo(20.0);

        String customer = api.newSession();
        api.join(customer);
        api.awaitStage(customer, "ADMITTED");
        api.reserve(customer, "GA", 2);
        api.awaitStage(customer, "RESERVED");
        awaitStat("stat-reserved", 2);
        awaitStat("stat-remaining", 3);
        api.payByCard(customer, "4242424242424242");
        api.awaitStage(customer, "COMPLETED");
        awaitStat("stat-sold", 2);
        awaitStat("stat-reserved", 0);
        browser.await("#event-log tr[data-type='Tickets.Issued']");
        browser.awaitText("#funnel-COMPLETED", "1");
        browser.screenshotFromTop("07-backoffice");

        browser.type("#log-session", customer);
        browser.click("#log-apply");
        browser.await("the customer's journey in the event log", driver -> browser.findAll(
                "#event-log tr[data-type='Tickets.Issued']").size() == 1 ? true : null);
        List<String> types = browser.findAll("#event-log tbody tr").stream()
                .map(row -> row.getAttribute("data-type")).toList();
        assertThat(types).contains("Queue.CustomerJoined", "Queue.CustomerExited", "Tickets.Requested",
                "Tickets.Reserved", "Tickets.PaymentRequested", "Tickets.PaymentAuthorized", "Tickets.Issued");
        assertThat(browser.findAll("#event-log tbody tr td:nth-child(4) button")).allSatisfy(
                cell -> assertThat(cell.getAttribute("title")).endsWith(customer));
        browser.script("document.getElementById('log-title').scrollIntoView();");
        browser.screenshot("08-backoffice-event-log");

        new Select(browser.find("#log-type")).selectByValue("Tickets.Reserved");
        browser.click("#log-apply");
        browser.await("only Tickets.Reserved of the customer", driver -> {
            List<String> shown = browser.findAll("#event-log tbody tr").stream()
                    .map(row -> row.getAttribute("data-type")).toList();
            return shown.equals(List.of("Tickets.Reserved")) ? true : null;
        });

        browser.click("#admission-toggle");
        browser.awaitText("#admission-toggle", "Resume admission");
        assertThat(api.counters().path("paused").asBoolean()).isTrue();
        assertThat(browser.script("return window.stillTheSamePage === true;")).as("no reload").isEqualTo(true);
    }

    @Test
    void operatorDeploysTheNextModelVersionWhileTheSaleRuns() {
        browser = Browser.desktop();
        browser.open(URI.create("http://admin:" + PASSWORD + "@" + gateway.getAuthority() + "/backoffice"));
        browser.await("the router's models in the list", driver -> browser.findAll("#model-version option").size() == 4
                ? true : null);
        assertThat(browser.find("#deploy-model").isEnabled()).isTrue();
        browser.awaitText("#deployments", "tickets-v1.bpmn → tickets version 1");
        browser.awaitText("#process-monitor", "tickets version 1");

        new Select(browser.find("#model-version")).selectByValue("tickets-v2");
        browser.awaitText("#model-adds", "payment reminders");
        browser.click("#deploy-model");

        browser.awaitText("#deploy-result", "Deployed tickets-v2.bpmn → tickets version 2");
        browser.awaitText("#deployments", "tickets-v2.bpmn → tickets version 2");

        // a fan who joins now starts on v2: the process monitor shows where that instance is
        String fan = api.newSession();
        api.join(fan);
        browser.await("the new instance in the v2 monitor", driver -> {
            List<WebElement> rows = browser.findAll(
                    "#process-monitor table[data-version='2'] tr[data-element='Start_CustomerJoined']");
            return rows.size() == 1 && rows.getFirst().getText().endsWith("1") ? true : null;
        });
        assertThat(browser.find("#process-monitor table[data-version='2'] caption").getText())
                .isEqualTo("tickets version 2");
        // and on the version's diagram: a shape for every element, the start passed once, the fan waiting somewhere
        browser.await("the v2 diagram with the fan on it", driver -> textOf(browser.findAll(
                "#process-monitor figure[data-version='2'] g[data-element='Start_CustomerJoined'] .badge.passed text"))
                .equals("1") ? true : null);
        assertThat(browser.findAll("#process-monitor figure[data-version='2'] g.shape"))
                .as("every element of tickets-v2 drawn").hasSizeGreaterThanOrEqualTo(15);
        assertThat(browser.findAll("#process-monitor figure[data-version='2'] polyline.flow")).isNotEmpty();
        assertThat(browser.script("""
                const figure = document.querySelector("#process-monitor figure[data-version='2']");
                const open = figure.querySelector('rect.activity.open');
                return open !== null && [...figure.querySelectorAll('polyline.flow')].every(flow =>
                    (open.compareDocumentPosition(flow) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);"""))
                .as("the flows inside the open sub-process drawn on top of it, not hidden under it").isEqualTo(true);
        assertThat(browser.findAll("#process-monitor figure[data-version='2'] .badge.active text"))
                .extracting(WebElement::getText).containsExactly("1");
        // every name where the modeler placed it: no two labels overlap (as the diagram draws them, in the browser)
        assertThat(browser.script("""
                const labels = [...document.querySelectorAll("#process-monitor figure[data-version='2'] text.label")]
                    .map(text => ({name: text.textContent, box: text.getBBox()}));
                const overlaps = [];
                labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
                  if (a.box.x < b.box.x + b.box.width && b.box.x < a.box.x + a.box.width
                      && a.box.y < b.box.y + b.box.height && b.box.y < a.box.y + a.box.height) {
                    overlaps.push(a.name + ' / ' + b.name);
                  }
                }));
                return labels.length + ' labels; overlapping: ' + overlaps.join(', ');"""))
                .asString().matches("[0-9]{2,} labels; overlapping: ");
        browser.script("document.getElementById('process-model').scrollIntoView();");
        browser.screenshot("09-backoffice-deploy-model");
        JsonNode deployments = api.expect(200, "GET", "/api/admin/process", null, true).path("deployments");
        assertThat(deployments.get(0).path("processes").get(0).path("version").asInt()).isEqualTo(2);
    }

    @Test
    void operatorSeesTheDeadLettersAndReplaysOrDiscardsThem() {
        String kept = deadLetter();
        String discarded = deadLetter();
        browser = Browser.desktop();
        browser.open(URI.create("http://admin:" + PASSWORD + "@" + gateway.getAuthority() + "/backoffice"));
        browser.await("both letters in the panel", driver -> letterRow(kept) != null && letterRow(discarded) != null
                ? true : null);
        // the panel re-renders the list on every refresh: each read of a row is retried on the new rows
        String keptText = browser.await("the kept letter's text", driver -> textOf(letterRow(kept)));
        assertThat(keptText)
                .contains("Notifications.Requested")
                .contains(sale.url(LocalSale.Part.GATEWAY) + "/events")
                .contains("HTTP 400: Notifications.Requested is stated by urn:concertsale:zeebe-cloud-events-router only");

        clickIn(discarded, "button.discard");
        browser.awaitText("#dead-letters-result", "discarded");
        browser.await("the discarded letter gone", driver -> letterRow(discarded) == null ? true : null);

        String before = browser.await("the kept letter's number", driver -> {
            WebElement row = letterRow(kept);
            return row == null ? null : row.getAttribute("data-letter");
        });
        clickIn(kept, "button.replay");
        browser.awaitText("#dead-letters-result", "sent again to frontend-gateway-notifications-requested");
        // the gateway refuses the event again, so it comes back as a new letter: replayed through its Trigger
        browser.await("the replayed letter back with a new number", driver -> {
            WebElement row = letterRow(kept);
            return row != null && !before.equals(row.getAttribute("data-letter")) ? true : null;
        });
        browser.script("document.getElementById('dead-letters').scrollIntoView();");
        browser.screenshot("10-backoffice-dead-letters");
        JsonNode letters = api.expect(200, "GET", "/api/admin/dead-letters", null, true).path("letters");
        assertThat(letters.findValuesAsString("id")).doesNotContain(before);
    }

    /** Posts an event the gateway can never take to the broker: it goes straight to the dead letter sink. */
    private static String deadLetter() {
        String id = UUID.randomUUID().toString();
        CloudEvent event = CloudEventBuilder.v1().withId(id)
                .withSource(URI.create("urn:concertsale:backoffice-test")).withType("Notifications.Requested")
                .withExtension("correlationkey", "no-such-session").withDataContentType("application/json")
                .withData("{\"kind\":\"REMINDER\"}".getBytes(StandardCharsets.UTF_8)).build();
        assertThat(CloudEventRequests.binary(sale.brokerIngress(), event,
                sale.producerAuthorization(LocalSale.Part.ROUTER)).statusCode()).isEqualTo(202);
        return id;
    }

    /** The panel's row of the letter whose event has this id, or null. */
    private WebElement letterRow(String eventId) {
        for (WebElement row : browser.findAll("#dead-letter-list tbody tr")) {
            if (row.findElement(By.cssSelector("td details pre")).getAttribute("textContent").contains(eventId)) {
                return row;
            }
        }
        return null;
    }

    /** Clicks a button of the letter's row, again on the new row if the panel re-rendered under the click. */
    private void clickIn(String eventId, String button) {
        browser.await("a click on " + button + " of " + eventId, driver -> {
            WebElement row = letterRow(eventId);
            if (row == null) {
                return null;
            }
            row.findElement(By.cssSelector(button)).click();
            return true;
        });
    }

    private static String textOf(WebElement row) {
        return row == null ? null : row.getText();
    }

    private static String textOf(List<WebElement> elements) {
        return elements.size() == 1 ? elements.getFirst().getText() : "";
    }

    private void awaitStat(String id, int value) {
        browser.await(id + " = " + value, driver -> String.valueOf(value)
                .equals(browser.find("#" + id).getAttribute("data-value")) ? true : null);
    }
}
