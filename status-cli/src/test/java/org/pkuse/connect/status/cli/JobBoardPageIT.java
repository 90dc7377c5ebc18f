package org.pkuse.connect.status.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.RunOutcome;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusReporter;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.FreePort;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.Wait;

/**
 * {@code pkuse-status serve} in headless Chromium, as a person watches it: jobs published on a real status topic as
 * the connectors publish them appear, their bars move, they end or fail with their message; the filters and the raw
 * event list work. One scenario in steps, on one page. Leaves {@code target/job-board.png}; with
 * {@code -Dpkuse.docs.write=true} also {@code docs/job-board.png}, the README's picture.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobBoardPageIT {

    // Debian's packages (.ci/run installs them): nothing is downloaded, this machine's network is closed.
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOPIC = "board_status";
    private static final String SEED_TOPIC = "default_test_employee01_2021_06_17";
    private static final String ERROR = "Row key 'r7', column info:age: 'abc' is not an int";
    /** Markup in an event must show as text: it is the exception's message, behind the stack trace's click. */
    private static final String CAUSE = "For input string: \"<b>abc</b>\"";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static ConnectCluster kafka;
    private static final List<StatusReporter> reporters = new ArrayList<>();
    private static Thread serving;
    private static final AtomicInteger exitCode = new AtomicInteger(-1);
    private static final ByteArrayOutputStream serveErr = new ByteArrayOutputStream();
    private static Path profile;
    private static ChromeDriver browser;
    private static String url;

    @BeforeAll
    static void openTheBoard() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The job board's browser test needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (.ci/run installs them)");
        }
        kafka = TestKit.connect();
        kafka.createTopic(TOPIC, 1);

        int port = FreePort.find();
        url = "http://127.0.0.1:" + port + "/";
        serving = new Thread(() -> exitCode.set(StatusCli.run(new String[] {"serve", "--port", String.valueOf(port),
            "--bootstrap-server", kafka.bootstrapServers(), "--topic", TOPIC},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(serveErr, true, StandardCharsets.UTF_8))), "pkuse-status-serve");
        serving.start();
        HttpClient http = HttpClient.newHttpClient();
        Wait.until(() -> "the job board at " + url + " (" + serveErr.toString(StandardCharsets.UTF_8) + ")",
                Duration.ofSeconds(60), () -> answers(http, url));

        browser = chromium();
        browser.get(url);
        waitFor("the page's live connection",
                d -> "live".equals(d.findElement(By.id("connection")).getDomAttribute("data-connection")));
    }

    private static boolean answers(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static ChromeDriver chromium() throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("pkuse-board-chromium");
        ChromeOptions options = new ChromeOptions();
        // With the binary and the driver given, Selenium Manager has nothing to look up or download.
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1366,768", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Publishes as a connector named {@code name} does, every progress call an event (no throttle). */
    private static StatusReporter reporter(String name) {
        Map<String, String> props = Map.of(StatusConfig.BROKER, kafka.bootstrapServers(), StatusConfig.TOPIC, TOPIC,
                StatusConfig.CONNECTOR_NAME, name, StatusConfig.INTERVAL_MS, "0");
        StatusReporter reporter = new StatusReporter(new StatusConfig(new AbstractConfig(
                StatusConfig.update(new ConfigDef()), props), name), "board-it");
        reporters.add(reporter);
        return reporter;
    }

    @AfterAll
    static void closeTheBoard() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (serving != null) {
            serving.interrupt();
            serving.join(15_000);
            assertThat(serving.isAlive()).as("serve stops when interrupted").isFalse();
            assertThat(exitCode.get()).as("serve's exit code; stderr: %s", serveErr).isEqualTo(StatusCli.OK);
        }
        reporters.forEach(StatusReporter::close);
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void waitFor(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PATIENCE).withMessage(what).until(condition);
    }

    private static WebElement job(String taskId) {
        return browser.findElement(By.cssSelector("tbody.job[data-job='" + taskId + "']"));
    }

    /** What the page shows of one side of a job, in the element {@code part} (stage, counts, ...). */
    private static String shown(String taskId, String side, String part) {
        return job(taskId).findElement(By.cssSelector(".side-" + side + " ." + part)).getText();
    }

    private static int barWidth(String taskId, String side) {
        return job(taskId).findElement(By.cssSelector(".side-" + side + " .bar-fill")).getSize().getWidth();
    }

    private static int fullWidth(String taskId, String side) {
        return job(taskId).findElement(By.cssSelector(".side-" + side + " .bar")).getSize().getWidth();
    }

    private static List<String> visibleJobs() {
        return browser.findElements(By.cssSelector("tbody.job")).stream().filter(WebElement::isDisplayed)
                .map(e -> e.getDomAttribute("data-job")).toList();
    }

    private static void waitForText(String what, String taskId, String side, String part, String expected) {
        waitFor(what + ": " + side + " ." + part + " of job " + taskId + " reads '" + expected + "'", d -> {
            try {
                return shown(taskId, side, part).equals(expected);
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                return false;
            }
        });
    }

    @Test
    @Order(1)
    void aSeedJobAppearsItsBarsMoveAndItEnds() throws Exception {
        JobRun source = JobRun.start(reporter("hbasesource_connector_001"), Side.SOURCE, "100003", SEED_TOPIC, 300);
        waitForText("the job appears", "100003", "source", "stage", "start");
        assertThat(shown("100003", "source", "counts")).isEqualTo("0 / 300");
        assertThat(shown("100003", "sink", "stage")).isEqualTo("waiting");
        assertThat(shown("100003", "source", "connector")).isEqualTo("hbasesource_connector_001");
        assertThat(shown("100003", "source", "topic")).isEqualTo(SEED_TOPIC);
        assertThat(job("100003").findElement(By.cssSelector(".job-state")).getText()).isEqualTo("running");

        JobRun sink = JobRun.start(reporter("jdbcsink_connector_001"), Side.SINK, "100003", SEED_TOPIC, 300);
        source.progress(100);
        waitForText("the source's count moves", "100003", "source", "counts", "100 / 300");
        assertThat(shown("100003", "source", "stage")).isEqualTo("processing");
        assertThat(shown("100003", "source", "percent")).isEqualTo("33%");
        waitFor("the source's bar fills a third", d -> Math.abs(barWidth("100003", "source")
                - fullWidth("100003", "source") / 3) <= 2);
        int third = barWidth("100003", "source");

        source.progress(200);
        sink.progress(150);
        waitForText("the source goes on", "100003", "source", "counts", "200 / 300");
        waitForText("the sink follows", "100003", "sink", "counts", "150 / 300");
        waitFor("the source's bar grows", d -> barWidth("100003", "source") > third + 10);
        assertThat(shown("100003", "sink", "percent")).isEqualTo("50%");
        assertThat(shown("100003", "source", "rate")).endsWith(" rows/s");
        assertThat(shown("100003", "source", "elapsed")).matches("\\d+s|\\dm\\d\\ds");

        source.end(RunOutcome.of(300));
        waitForText("the source ends", "100003", "source", "stage", "end");
        assertThat(job("100003").findElement(By.cssSelector(".job-state")).getText())
                .as("a job runs until its sink ends").isEqualTo("running");
        sink.progress(300);
        sink.end(RunOutcome.of(300));
        waitForText("the sink ends", "100003", "sink", "stage", "end");
        waitFor("the job shows as ended",
                d -> job("100003").findElement(By.cssSelector(".job-state")).getText().equals("ended"));
        assertThat(shown("100003", "sink", "counts")).isEqualTo("300 / 300");
        assertThat(shown("100003", "sink", "percent")).isEqualTo("100%");
        waitFor("both bars full", d -> barWidth("100003", "source") == fullWidth("100003", "source")
                && barWidth("100003", "sink") == fullWidth("100003", "sink"));
    }

    @Test
    @Order(2)
    void aFailedJobShowsItsErrorMessageAsText() {
        JobRun.start(reporter("hbasesource_connector_002"), Side.SOURCE, "200001", "default_orders", 10)
                .fail(ERROR, new NumberFormatException(CAUSE), 6L);

        waitForText("the error shows", "200001", "source", "stage", "error");
        WebElement error = job("200001").findElement(By.cssSelector(".error-source"));
        assertThat(error.findElement(By.cssSelector(".error-message")).getText()).isEqualTo(ERROR);
        assertThat(job("200001").findElement(By.cssSelector(".job-state")).getText()).isEqualTo("failed");
        assertThat(shown("200001", "source", "counts")).isEqualTo("6 / 10");

        WebElement trace = error.findElement(By.cssSelector(".error-text"));
        assertThat(trace.isDisplayed()).as("the stack trace waits behind a click").isFalse();
        error.findElement(By.tagName("summary")).click();
        assertThat(trace.getText()).contains("java.lang.NumberFormatException: " + CAUSE);
        assertThat(error.findElements(By.tagName("b"))).as("event text is never HTML").isEmpty();
        error.findElement(By.tagName("summary")).click();
    }

    @Test
    @Order(3)
    void theFiltersShowJobsByStateAndText() throws Exception {
        JobRun.start(reporter("hbasesource_connector_003"), Side.SOURCE, "300001", "default_accounts", 1000)
                .progress(400);
        JobRun.start(reporter("jdbcsink_connector_003"), Side.SINK, "300001", "default_accounts", 1000)
                .progress(250);
        waitForText("a third job runs", "300001", "sink", "counts", "250 / 1,000");
        assertThat(visibleJobs()).containsExactly("300001", "200001", "100003");

        filterByState("failed");
        assertThat(visibleJobs()).containsExactly("200001");
        filterByState("running");
        assertThat(visibleJobs()).containsExactly("300001");
        filterByState("ended");
        assertThat(visibleJobs()).containsExactly("100003");
        filterByState("all");
        assertThat(browser.findElement(By.cssSelector("[data-count='failed']")).getText()).isEqualTo("1");

        filterByText("employee01");
        assertThat(visibleJobs()).as("by data topic").containsExactly("100003");
        filterByText("JDBCSINK_CONNECTOR_003");
        assertThat(visibleJobs()).as("by connector, any case").containsExactly("300001");
        filterByText("2000");
        assertThat(visibleJobs()).as("by job id").containsExactly("200001");
        filterByText("20009");
        assertThat(visibleJobs()).isEmpty();
        assertThat(browser.findElement(By.id("no-match")).isDisplayed()).isTrue();
        filterByText("");
        assertThat(visibleJobs()).hasSize(3);

        saveScreenshot();
    }

    /** Types into the text filter as a person does (select all, then type over it). */
    private static void filterByText(String text) {
        WebElement box = browser.findElement(By.id("text-filter"));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        if (!text.isEmpty()) {
            box.sendKeys(text);
        }
    }

    private static void filterByState(String state) {
        browser.findElement(By.cssSelector("[data-state-filter='" + state + "']")).click();
    }

    /** The board with the finished seed job, a failed and a running one: a test artifact, and the README's picture. */
    private static void saveScreenshot() throws Exception {
        browser.executeScript("document.activeElement.blur()"); // no focus ring on the filter in the picture
        Path shot = save(Path.of("target", "job-board.png"));
        if (Boolean.getBoolean("pkuse.docs.write")) {
            Path docs = Path.of(System.getProperty("pkuse.project.dir", ".."), "docs", "job-board.png");
            Files.createDirectories(docs.getParent());
            Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path save(Path shot) {
        try {
            Files.createDirectories(shot.getParent());
            return Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(4)
    void clickingAJobListsItsRawEvents() {
        job("100003").findElement(By.cssSelector(".job-id")).click();

        waitFor("the event list of job 100003", d -> d.findElement(By.id("events-panel")).isDisplayed()
                && d.findElements(By.cssSelector("#events-table tr.raw-event")).size() == 8);
        assertThat(browser.findElement(By.id("events-job")).getText()).isEqualTo("100003");
        List<String> lines = browser.findElements(By.cssSelector("#events-table tr.raw-event")).stream()
                .map(r -> r.getDomAttribute("data-side") + " " + r.getDomAttribute("data-stage") + " "
                        + r.findElement(By.cssSelector(".description")).getText())
                .toList();
        // Two producers: each side's events keep their order, the two sides may interleave.
        assertThat(lines.stream().filter(l -> l.startsWith("source"))).containsExactly("source start 300",
                "source processing 100/300", "source processing 200/300", "source end 300");
        assertThat(lines.stream().filter(l -> l.startsWith("sink"))).containsExactly("sink start 300",
                "sink processing 150/300", "sink processing 300/300", "sink end 300");
        assertThat(job("100003").getDomAttribute("class")).contains("selected");
        save(Path.of("target", "job-board-events.png"));

        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        waitFor("the event list closes", d -> !d.findElement(By.id("events-panel")).isDisplayed());
    }

    @Test
    @Order(5)
    void aReloadedPageShowsTheSameJobsFromItsSnapshot() {
        browser.navigate().refresh();

        waitFor("the jobs after a reload", d -> visibleJobs().size() == 3);
        assertThat(job("100003").findElement(By.cssSelector(".job-state")).getText()).isEqualTo("ended");
        assertThat(shown("100003", "sink", "counts")).isEqualTo("300 / 300");
        assertThat(job("200001").findElement(By.cssSelector(".error-message")).getText()).isEqualTo(ERROR);
        assertThat(browser.getTitle()).isEqualTo("(1 failed) pkuse jobs");

        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(problems).as("the browser's console (script errors, blocked content)").isEmpty();
    }
}
