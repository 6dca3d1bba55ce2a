package dev.roster.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium driven through Debian's chromedriver, with a profile of its own that is deleted on close.
 * Where either program is missing the test fails and says what to install: a browser test never skips.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** How long to wait for the page to show what the server already knows; generous for a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver;"
                    + " .ci/run does)");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("roster-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-dev-shm-usage", "--window-size=1280,900",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        try {
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** The CSS selector of the elements with this {@code data-testid}. */
    static String testId(String testId) {
        return "[data-testid='" + testId + "']";
    }

    /*
     * The page re-renders parts of itself while it updates live, so a test never keeps an element: every method
     * below finds what it acts on and acts on it in one step, and a step whose element was replaced in between is
     * tried again, or reads the page in one script so that no update can fall between finding and reading.
     */

    /** Finds the first element matching {@code css} and clicks it, in one step retried while it is replaced. */
    void click(String css) {
        act("to click " + css, d -> d.findElement(By.cssSelector(css)).click());
    }

    /** Clears the field matching {@code css} and types {@code text} into it, in one retried step. */
    void type(String css, String text) {
        act("to type into " + css, d -> {
            WebElement field = d.findElement(By.cssSelector(css));
            field.clear();
            field.sendKeys(text);
        });
    }

    /** Picks an option of the select element matching {@code css}, in one retried step. */
    void select(String css, String value) {
        act("to select " + value + " in " + css, d -> new Select(d.findElement(By.cssSelector(css)))
                .selectByValue(value));
    }

    private void act(String what, Consumer<WebDriver> action) {
        new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(ElementNotInteractableException.class)
                .withMessage(() -> what + " (see " + SCREENSHOTS + ")")
                .until(d -> {
                    action.accept(d);
                    return true;
                });
    }

    /** How many elements match {@code css} now. */
    int count(String css) {
        return ((Number) driver.executeScript("return document.querySelectorAll(arguments[0]).length;", css))
                .intValue();
    }

    boolean shows(String css) {
        return count(css) > 0;
    }

    /** The rendered text of the first element matching {@code css}, or null when there is none. */
    String text(String css) {
        Object text = driver.executeScript("const e = document.querySelector(arguments[0]);"
                + " return e === null ? null : e.innerText;", css);
        return text == null ? null : text.toString();
    }

    /** The rendered text of every element matching {@code css}, read in one go. */
    List<String> texts(String css) {
        Object texts = driver.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText);", css);
        return ((List<?>) texts).stream().map(String::valueOf).toList();
    }

    /** One attribute of the first element matching {@code css}; null when there is no such element or attribute. */
    String attribute(String css, String attribute) {
        Object value = driver.executeScript("const e = document.querySelector(arguments[0]);"
                + " return e === null ? null : e.getAttribute(arguments[1]);", css, attribute);
        return value == null ? null : value.toString();
    }

    /** Whether the first element matching {@code css} is rendered and visible. */
    boolean visible(String css) {
        return Boolean.TRUE.equals(driver.executeScript("const e = document.querySelector(arguments[0]);"
                + " return e !== null && e.checkVisibility();", css));
    }

    /** One attribute of every element with this test id, read in one go so that a live update cannot intervene. */
    List<String> attributes(String testId, String attribute) {
        Object values = driver.executeScript("return [...document.querySelectorAll(\"[data-testid='\" + arguments[0]"
                + " + \"']\")].map(e => e.getAttribute(arguments[1]));", testId, attribute);
        return ((List<?>) values).stream().map(v -> v == null ? null : v.toString()).toList();
    }

    /** Waits, polling often, until the condition holds (is non-null and not false) and returns its value. */
    <T> T await(Duration atMost, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, atMost, Duration.ofMillis(50))
                .withMessage(() -> what + " (see " + SCREENSHOTS + ")").until(condition);
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(WAIT, what, condition);
    }

    /** Runs a script in the page and returns its value. */
    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows now as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a profile left in the temp folder costs disk space only
        }
    }
}
