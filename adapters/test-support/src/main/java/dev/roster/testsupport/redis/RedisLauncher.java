package dev.roster.testsupport.redis;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * How the tests run their Redis servers: as containers where a Docker engine answers and has the image (or can
 * pull it), else as {@code redis-server} processes from the PATH. The same command line serves both, so a test
 * cannot tell them apart.
 *
 * <p>{@code -Droster.redis.launcher=process|container} (or {@code ROSTER_TEST_REDIS_LAUNCHER}) forces one path;
 * {@code -Droster.redis.image=...} (or {@code ROSTER_TEST_REDIS_IMAGE}) names the image, {@value #DEFAULT_IMAGE}
 * unless told otherwise. The choice is made once per JVM.
 */
public final class RedisLauncher {
    /** The official image; any image with {@code redis-server} on its PATH will do. */
    public static final String DEFAULT_IMAGE = "redis:7.0";
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(3);
    private static final boolean CONTAINERS = choose();
    private static final boolean HOST_CLI = runs("redis-cli", "--version");

    private RedisLauncher() {
    }

    /** Whether this JVM's Redis servers are containers. */
    public static boolean containers() {
        return CONTAINERS;
    }

    /** The image the containers run. */
    public static String image() {
        return setting("roster.redis.image", "ROSTER_TEST_REDIS_IMAGE", DEFAULT_IMAGE);
    }

    /** Whether a Redis can be had at all: a Docker engine, or {@code redis-server} on the PATH. */
    static boolean available() {
        return CONTAINERS || runs("redis-server", "--version");
    }

    /** Whether {@code redis-cli} runs here; if not, it runs inside a container. */
    static boolean hostCli() {
        return HOST_CLI;
    }

    private static boolean choose() {
        String forced = setting("roster.redis.launcher", "ROSTER_TEST_REDIS_LAUNCHER", "auto")
                .toLowerCase(Locale.ROOT);
        switch (forced) {
            case "process":
                return false;
            case "container":
                if (!dockerAnswers()) {
                    throw new IllegalStateException("roster.redis.launcher=container, but no Docker engine answers");
                }
                if (!imageAvailable()) {
                    throw new IllegalStateException("roster.redis.launcher=container, but the image " + image()
                            + " is neither here nor to be pulled; build one with .ci/build-redis-image and name it"
                            + " with roster.redis.image");
                }
                return true;
            case "auto":
                if (!dockerAnswers()) {
                    return false;
                }
                if (!imageAvailable()) {
                    System.err.println("Redis for the tests: redis-server processes, as the image " + image()
                            + " is neither here nor to be pulled (set roster.redis.image)");
                    return false;
                }
                return true;
            default:
                throw new IllegalStateException("roster.redis.launcher is process, container or auto, not " + forced);
        }
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static boolean dockerAnswers() {
        // asking Testcontainers where no engine can be costs seconds of probing
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Whether the engine has the image, after pulling it if it can (a registry that does not answer: no). */
    private static boolean imageAvailable() {
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(image()).exec();
            return true;
        } catch (NotFoundException missing) {
            try {
                docker.pullImageCmd(image()).exec(new ResultCallback.Adapter<PullResponseItem>())
                        .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                docker.inspectImageCmd(image()).exec();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException unavailable) {
                return false;
            }
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
