package io.concertsale.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.NotificationsRequested;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.launcher.LaunchOptions;
import io.concertsale.launcher.LocalSale;
import io.concertsale.launcher.SaleApi;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * A fan buys tickets in a real headless Chromium, by clicking through the shop of the whole sale running in this JVM:
 * the concert page, the waiting room, the ticket choice, the card form and the tickets page.
 */
class ShopBrowserIT {

    static final String GOOD_CARD = "4242 4242 4242 4242";
    static final String DECLINED_CARD = "4000 0000 0000 0002";
    static final SaleEvents ROUTER = new SaleEvents(URI.create("urn:concertsale:zeebe-cloud-events-router"));

    static final String SALE = """
            {"name":"Spring Boot & CloudEvents Live","currency":"EUR",
             "ticketTypes":[{"type":"STANDING","name":"Standing","price":59.00,"quantity":40},
                            {"type":"SEATED","name":"Seated","price":89.00,"quantity":12}],
             "maxTicketsPerCustomer":6,"holdSeconds":%d,
             "admission":{"ratePerSecond":%s,"maxActiveShoppers":50,"paused":%s}}""";

    @TempDir
    static Path dataDir;

    static LocalSale sale;
    static SaleApi api;
    static URI shop;

    Browser browser;

    @BeforeAll
    static void launch() {
        sale = LocalSale.start(new LaunchOptions(dataDir, true, "browser-test-password", Map.of(
                "payments.authorization-delay", "700ms",
                "payments.money-transfer.auto-accept-after", "4s",
                // near the front: the first 10 places, or at most 3 s to wait; further back the page polls every
                // quarter of its wait, within 1 and 3 s
                "gateway.follow.near-position", "10",
                "gateway.follow.near-eta", "3s",
                "gateway.follow.min-refresh", "1s",
                "gateway.follow.max-refresh", "3s")));
        shop = sale.url(LocalSale.Part.GATEWAY);
        api = new SaleApi(shop, sale.adminPassword());
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
    void fanBuysTicketsByClickingThroughTheShop() {
        api.openSale(SALE.formatted(120, 50, false));
        browser = Browser.desktop();

        browser.open(shop);
        browser.awaitView("concert");
        browser.awaitText("#sale-name", "Spring Boot & CloudEvents Live");
        browser.awaitText("#type-SEATED", "12 available");
        browser.screenshot("01-concert-page");

        browser.click("#join");
        browser.awaitView("select");
        browser.awaitText("#turn-title", "your turn");
        browser.click("label[for='choice-SEATED']");
        browser.click("button[aria-label='One ticket more']");
        browser.awaitText("#total", "267");
        browser.click("button[aria-label='One ticket less']");
        browser.awaitText("#total", "178");
        browser.screenshotFromTop("03-your-turn");
        browser.click("#reserve");

        browser.awaitView("checkout");
        browser.awaitText("#order-total", "178");
        assertThat(browser.find("#hold-timer strong").getText()).matches("[0-9]+:[0-9]{2}");
        browser.type("#card-number", GOOD_CARD);
        browser.type("#card-expiry", "1234");
        browser.type("#card-cvc", "123");
        browser.type("#card-holder", "Ada Lovelace");
        assertThat(browser.find("#card-expiry").getAttribute("value")).isEqualTo("12/34");
        browser.screenshotFromTop("04-checkout");
        browser.click("#pay-card");

        browser.awaitView("tickets");
        List<String> codes = awaitTicketCodes(2);
        browser.screenshotFromTop("06-tickets");

        String sessionId = sessionIdOfThePage();
        JsonNode session = api.session(sessionId);
        assertThat(session.path("stage").asString()).isEqualTo("COMPLETED");
        assertThat(session.path("tickets").valueStream().map(ticket -> ticket.path("code").asString()).toList())
                .containsExactlyInAnyOrderElementsOf(codes);
        assertThat(qrCodesShown()).as("QR codes drawn").isEqualTo(2);
        assertThat(browser.find("#tickets-link").getAttribute("value")).endsWith("/#/tickets/" + sessionId);

        browser.reload();
        browser.awaitView("tickets");
        assertThat(awaitTicketCodes(2)).as("the session survives a reload").containsExactlyInAnyOrderElementsOf(codes);
        assertThat(sessionIdOfThePage()).isEqualTo(sessionId);
    }

    @Test
    void declinedCardCanBeRetriedWithAnotherCardWhileTheTicketsAreHeld() {
        api.openSale(SALE.formatted(120, 50, false));
        browser = Browser.desktop();
        joinAndReserve("STANDING", 3);
        browser.awaitText("#order-total", "177");

        browser.click("button[aria-label^='Use test card 4000 0000 0000 0002']");
        assertThat(browser.find("#card-number").getAttribute("value")).isEqualTo(DECLINED_CARD);
        browser.click("#pay-card");
        browser.awaitText("#payment-declined", "declined");
        assertThat(browser.currentView()).isEqualTo("checkout");
        assertThat(browser.find("#payment-declined").getText()).contains("Card declined");
        browser.screenshotFromTop("05-payment-declined");

        browser.type("#card-number", GOOD_CARD);
        browser.click("#pay-card");

        browser.awaitView("tickets");
        assertThat(awaitTicketCodes(3)).doesNotHaveDuplicates();
        JsonNode session = api.session(sessionIdOfThePage());
        assertThat(session.path("payment").path("attempts").asInt()).isEqualTo(2);
        assertThat(session.path("payment").path("status").asString()).isEqualTo("AUTHORIZED");
    }

    @Test
    void waitingRoomShowsThePositionFallingWithoutAReload() {
        api.openSale(SALE.formatted(120, 1, true));
        List<String> ahead = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = api.newSession();
            api.join(id);
            ahead.add(id);
        }
        for (String id : ahead) {
            api.awaitSession(id, s -> s.path("queue").has("position"), "a place in the queue");
        }
        browser = Browser.phone();
        browser.open(shop);
        browser.click("#join");
        browser.awaitView("queue");
        browser.awaitText("#position", "#6");
        browser.awaitText("#eta", "paused");
        browser.script("window.stillTheSamePage = true;");
        browser.screenshot("02-waiting-room-phone");

        api.admission(1, 50, false);

        List<Integer> positions = new ArrayList<>(List.of(6));
        browser.await("the position to fall and the turn to come", driver -> {
            Map<?, ?> page = (Map<?, ?>) browser.script(
                    "const position = document.getElementById('position');"
                    + "return {view: document.getElementById('view').dataset.view,"
                    + " position: position ? position.textContent : ''};");
            String view = String.valueOf(page.get("view"));
            if ("queue".equals(view)) {
                String shown = String.valueOf(page.get("position")).replaceAll("[^0-9]", "");
                if (!shown.isEmpty() && Integer.parseInt(shown) != positions.getLast()) {
                    positions.add(Integer.parseInt(shown));
                    if (positions.getLast() == 3) {
                        browser.screenshot("02-waiting-room-moving-phone");
                    }
                }
            }
            return "select".equals(view) ? Boolean.TRUE : null;
        });

        assertThat(positions).as("positions shown, in order").hasSizeGreaterThanOrEqualTo(4).isSortedAccordingTo(
                (a, b) -> Integer.compare(b, a)).doesNotHaveDuplicates();
        assertThat(browser.script("return window.stillTheSamePage === true;")).as("no reload").isEqualTo(true);
        String sessionId = sessionIdOfThePage();
        Object sessionReads = browser.script("""
                return performance.getEntriesByType('resource')
                    .filter(entry => entry.name.endsWith('/api/sessions/' + arguments[0])).length;""", sessionId);
        assertThat(((Number) sessionReads).intValue()).as("GETs of the session: pushed, not polled").isLessThanOrEqualTo(2);
        browser.awaitText("#turn-title", "your turn");
        browser.screenshot("03-your-turn-phone");
    }

    @Test
    void fanFarBackPollsWithoutAWebSocketAndTakesOneAsItsTurnNears() {
        api.openSale(SALE.formatted(120, 2, true));
        for (int i = 0; i < 20; i++) {
            String id = api.newSession();
            api.join(id);
            api.awaitSession(id, s -> s.path("queue").has("position"), "a place in the queue");
        }
        browser = Browser.desktop();
        browser.recordWebSockets();
        browser.open(shop);
        browser.click("#join");
        browser.awaitView("queue");
        browser.awaitText("#position", "#21");
        browser.awaitText("#eta", "paused");
        String id = sessionIdOfThePage();
        assertThat(api.session(id).path("follow").path("mode").asString()).isEqualTo("POLL");

        // paused, far back: a poll every 3 s (the upper bound), no socket
        int reads = sessionReads();
        long since = System.nanoTime();
        browser.await("two polls", driver -> sessionReads() >= reads + 2 ? true : null);
        assertThat(Duration.ofNanos(System.nanoTime() - since)).as("3 s apart, not more often")
                .isGreaterThan(Duration.ofMillis(2_500));
        assertThat(webSockets()).as("no WebSocket far back").isEmpty();
        browser.screenshot("02-waiting-room-far-back");

        api.admission(2, 50, false);
        List<Integer> polled = new ArrayList<>();
        browser.await("a WebSocket as the turn nears", driver -> {
            String shown = String.valueOf(browser.script(
                    "const p = document.getElementById('position'); return p ? p.textContent : '';"))
                    .replaceAll("[^0-9]", "");
            if (!shown.isEmpty() && (polled.isEmpty() || polled.getLast() != Integer.parseInt(shown))) {
                polled.add(Integer.parseInt(shown));
            }
            return webSockets().isEmpty() ? null : true;
        });
        assertThat(polled).as("positions polled while far back, falling").hasSizeGreaterThanOrEqualTo(2)
                .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        Map<?, ?> made = webSockets().getFirst();
        assertThat(String.valueOf(made.get("url"))).endsWith("/ws/sessions/" + id);
        assertThat(Integer.parseInt(String.valueOf(made.get("position")).replaceAll("[^0-9]", "")))
                .as("the position shown when the page took a socket").isLessThanOrEqualTo(10);

        browser.awaitView("select");
        browser.awaitText("#turn-title", "your turn");
        List<Map<?, ?>> sockets = webSockets();
        assertThat(sockets).as("one socket, kept").hasSize(1);
        assertThat(sockets.getFirst().get("readsWhenOpen")).as("opened").isNotNull();
        assertThat(sessionReads()).as("no poll once the socket was open: the admission was pushed")
                .isEqualTo(((Number) sockets.getFirst().get("readsWhenOpen")).intValue());
    }

    @Test
    void pageReconnectsAfterANetworkDropAndCatchesUpWithWhatHappenedMeanwhile() {
        api.openSale(SALE.formatted(120, 5, true));
        String ahead = api.newSession();
        api.join(ahead);
        api.awaitSession(ahead, s -> s.path("queue").has("position"), "a place in the queue");
        browser = Browser.desktop();
        browser.open(shop);
        browser.click("#join");
        browser.awaitText("#position", "#2");
        browser.awaitText("#connection", "Live");

        browser.network(false);
        browser.awaitText("#connection", "Offline");
        api.admission(5, 50, false);
        String id = sessionIdOfThePage();
        api.awaitStage(id, "ADMITTED");
        assertThat(browser.currentView()).as("nothing arrives while offline").isEqualTo("queue");

        browser.network(true);
        browser.awaitView("select");
        browser.awaitText("#connection", "Live");
        Object sessionReads = browser.script("""
                return performance.getEntriesByType('resource')
                    .filter(entry => entry.name.endsWith('/api/sessions/' + arguments[0])).length;""", id);
        assertThat(((Number) sessionReads).intValue()).as("GETs of the session: the first and the catch-up")
                .isEqualTo(2);
    }

    @Test
    void bankTransferShowsTheInstructionsAndPushedMessagesUntilTheTicketsArrive() {
        api.openSale(SALE.formatted(120, 50, false));
        browser = Browser.desktop();
        joinAndReserve();

        browser.click("label[for='method-transfer']");
        browser.click("#pay-transfer");
        browser.awaitView("pending");
        browser.awaitText("#transfer-instructions", "GB33BUKB20201555555555");
        String sessionId = sessionIdOfThePage();
        String reference = api.session(sessionId).path("payment").path("moneyTransfer").path("reference").asString();
        assertThat(browser.find("#transfer-instructions").getText()).contains(reference).contains("€118.00");

        // what the process (the Zeebe router, from model v2 on) sends while a payment is outstanding
        HttpResponse<String> sent = CloudEventRequests.binary(sale.brokerIngress(), ROUTER.journey(
                EventTypes.NOTIFICATIONS_REQUESTED, sessionId, new NotificationsRequested(sessionId,
                        "PAYMENT_REMINDER", "Your tickets are waiting for your transfer.")),
                sale.producerAuthorization(LocalSale.Part.ROUTER));
        assertThat(sent.statusCode()).isEqualTo(202);
        browser.awaitText("#toasts", "Your tickets are waiting for your transfer.");
        browser.awaitText("#message-list", "Reminder: Your tickets are waiting for your transfer.");
        browser.screenshotFromTop("05-bank-transfer");

        browser.awaitView("tickets");
        assertThat(awaitTicketCodes(2)).doesNotHaveDuplicates();
        assertThat(api.session(sessionId).path("payment").path("method").asString()).isEqualTo("MONEY_TRANSFER");
    }

    @Test
    void holdThatRunsOutIsShownPlainlyAndTheFanCanQueueAgain() {
        api.openSale(SALE.formatted(3, 50, false));
        browser = Browser.desktop();
        joinAndReserve();
        String first = sessionIdOfThePage();

        browser.awaitView("exit");
        browser.awaitText("#exit-title", "Your reservation expired");
        assertThat(browser.find("#exit-message").getText()).contains("went back on sale");
        browser.screenshotFromTop("09-hold-expired");

        browser.click("#queue-again");
        browser.awaitView("select");
        assertThat(sessionIdOfThePage()).as("a new session").isNotEqualTo(first);
        assertThat(api.session(first).path("stage").asString()).isEqualTo("EXPIRED");
    }

    private List<String> awaitTicketCodes(int count) {
        browser.await(count + " ticket codes", driver -> browser.findAll(".ticket-code").size() == count ? true : null);
        List<String> codes = browser.findAll(".ticket-code").stream().map(WebElement::getText).toList();
        assertThat(codes).allSatisfy(code -> assertThat(code).isNotBlank());
        return codes;
    }

    private long qrCodesShown() {
        browser.await("QR codes loaded", driver -> Boolean.TRUE.equals(browser.script(
                "return [...document.querySelectorAll('.ticket img')].every(img => img.complete);")) ? true : null);
        return ((Number) browser.script(
                "return [...document.querySelectorAll('.ticket img')].filter(img => img.naturalWidth > 0).length;"))
                .longValue();
    }

    private int sessionReads() {
        return ((Number) browser.script("return window.sessionReads();")).intValue();
    }

    @SuppressWarnings("unchecked")
    private List<Map<?, ?>> webSockets() {
        return (List<Map<?, ?>>) browser.script("return window.webSockets;");
    }

    private String sessionIdOfThePage() {
        return String.valueOf(browser.script("return localStorage.getItem('concertsale.session');"));
    }

    /** Joins from the concert page, takes the preselected choice when the turn comes, and reaches checkout. */
    private void joinAndReserve() {
        joinAndReserve(null, 0);
    }

    /** Joins from the concert page, picks a ticket type and quantity (unless null) when the turn comes, and reaches checkout. */
    private void joinAndReserve(String ticketType, int quantity) {
        browser.open(shop);
        browser.click("#join");
        browser.awaitView("select");
        if (ticketType != null) {
            browser.click("label[for='choice-" + ticketType + "']");
            browser.type("#quantity", String.valueOf(quantity));
        }
        browser.click("#reserve");
        browser.awaitView("checkout");
    }
}
