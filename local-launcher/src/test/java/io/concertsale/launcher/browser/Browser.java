package io.concertsale.launcher.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, paths overridable with the system
 * properties {@code chrome.binary} and {@code chrome.driver}) with a fresh profile, driven by Selenium. Nothing is
 * downloaded: the driver executable is given, so Selenium Manager is not asked for one.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(int width, int height) {
        try {
            profile = Files.createTempDirectory("chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String binary = System.getProperty("chrome.binary", "/usr/bin/chromium");
        String driverPath = System.getProperty("chrome.driver", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(binary)) || !Files.isExecutable(Path.of(driverPath))) {
            throw new IllegalStateException("The browser tests need Chromium and its driver at " + binary + " and "
                    + driverPath + " (Debian: apt-get install chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--force-device-scale-factor=1", "--lang=en-GB",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(driverPath).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        // the exact viewport (a headless window is at least 500 px wide and keeps some of its height for itself)
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 500));
    }

    /** A desktop window, 1280 × 800. */
    /** After a test: a screenshot of what its browser (if it opened one) shows last, named after the test; then closes it. */
    static void closeAfter(Browser browser, TestInfo test) {
        if (browser != null) {
            browser.screenshot("last-" + test.getTestMethod().map(java.lang.reflect.Method::getName)
                    .orElse(test.getDisplayName()));
            browser.close();
        }
    }

    static Browser desktop() {
        return new Browser(1280, 800);
    }

    /** A phone-sized window, 390 × 844. */
    static Browser phone() {
        return new Browser(390, 844);
    }

    WebDriver driver() {
        return driver;
    }

    void open(URI url) {
        driver.get(url.toString());
    }

    void reload() {
        driver.navigate().refresh();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until an element is visible and returns it. */
    WebElement await(String css) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Waits until the condition gives a value. A page that re-renders while the condition reads it makes
     * the elements it holds stale: the condition is then tried again on the new elements.
     */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).pollingEvery(Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Waits until the shop shows that view ({@code main#view[data-view]}). */
    void awaitView(String view) {
        await("the shop's '" + view + "' view (showing " + currentView() + ")",
                d -> view.equals(currentView()) ? Boolean.TRUE : null);
    }

    String currentView() {
        return String.valueOf(script("const v = document.getElementById('view'); return v ? v.dataset.view : null;"));
    }

    void awaitText(String css, String contained) {
        try {
            new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(100))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), contained));
        } catch (TimeoutException e) {
            throw new AssertionError("Expected '" + contained + "' in " + css + "; the page shows: "
                    + script("const e = document.querySelector(arguments[0]); return e ? e.outerHTML : 'nothing';",
                    css), e);
        }
    }

    void click(String css) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement field = await(css);
        field.clear();
        field.sendKeys(text);
    }

    /**
     * From the next page on, records every WebSocket the page makes in {@code window.webSockets}: its URL, the
     * position the page showed ({@code #position}) and how often it had read its session ({@code GET
     * /api/sessions/{id}}) when it was made, and how often when it opened ({@code readsWhenOpen}).
     */
    void recordWebSockets() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.webSockets = [];
                window.sessionReads = () => performance.getEntriesByType('resource').filter(entry => {
                  const path = new URL(entry.name).pathname.split('/');
                  return path.length === 4 && path[1] === 'api' && path[2] === 'sessions';
                }).length;
                const Native = window.WebSocket;
                window.WebSocket = class extends Native {
                  constructor(url, protocols) {
                    super(url, protocols);
                    const position = document.getElementById('position');
                    const made = {url: String(url), position: position ? position.textContent : '',
                                  reads: window.sessionReads(), readsWhenOpen: null};
                    window.webSockets.push(made);
                    this.addEventListener('open', () => { made.readsWhenOpen = window.sessionReads(); });
                  }
                };"""));
    }

    /** Cuts the browser off the network (as a train going into a tunnel), or puts it back. */
    void network(boolean online) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !online, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Scrolls to the top of the page and writes a screenshot (see {@link #screenshot}). */
    Path screenshotFromTop(String name) {
        script("window.scrollTo(0, 0);");
        return screenshot(name);
    }

    /** Writes what the window shows to {@code target/screenshots/<name>.png}, once entrance animations are over. */
    Path screenshot(String name) {
        await("animations to finish", d -> Boolean.TRUE.equals(script(
                "return document.getAnimations().filter(a => a.effect.getTiming().iterations !== Infinity)"
                        + ".every(a => a.playState !== 'running');")) ? true : null);
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }
}
