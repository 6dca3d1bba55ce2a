package dev.roster.testsupport.redis;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One {@code redis-server} command line run in a container of {@link RedisLauncher#image()} on the host's network,
 * as the test's own user, with its directory bind-mounted at the same path: every path and port of the command
 * means what it means to a process, and the data survives the container being killed. A kill is a SIGKILL
 * ({@code docker kill}); a start after it starts the same container again, which finds its files where it left
 * them. A freeze is {@code docker pause}. The container is removed on {@link #remove()} and, failing that, when the
 * JVM ends.
 */
final class RedisContainer {
    private final GenericContainer<?> container;
    private final Thread remover;
    private boolean created;
    private boolean paused;

    RedisContainer(Path dir, List<String> command) {
        String user = owner(dir);
        container = new GenericContainer<>(DockerImageName.parse(RedisLauncher.image()))
                .withNetworkMode("host")
                .withFileSystemBind(dir.toAbsolutePath().toString(), dir.toAbsolutePath().toString(),
                        BindMode.READ_WRITE)
                .withCommand(command.toArray(String[]::new))
                .withCreateContainerCmdModifier(cmd -> cmd.withUser(user).withWorkingDir(dir.toString()));
        remover = new Thread(this::removeQuietly, "remove-redis-container");
    }

    /** The uid and gid owning the directory (the test's own): files the server writes stay the test's. */
    private static String owner(Path dir) {
        try {
            return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "0:0";
        }
    }

    synchronized void start() {
        if (!created) {
            created = true;
            // a test JVM that ends without its afterAll (a failed start, an abort) must not leave containers behind
            Runtime.getRuntime().addShutdownHook(remover);
            container.start();
        } else {
            docker().startContainerCmd(container.getContainerId()).exec();
        }
    }

    synchronized boolean isRunning() {
        if (!created || container.getContainerId() == null) {
            return false;
        }
        Boolean running = docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning();
        return Boolean.TRUE.equals(running);
    }

    /** SIGKILL, even while paused: the server saves nothing. */
    synchronized void kill() {
        if (isRunning()) {
            docker().killContainerCmd(container.getContainerId()).exec();
            paused = false;
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (isRunning() && System.nanoTime() < deadline) {
            RedisProcess.sleep(20);
        }
    }

    synchronized void pause() {
        docker().pauseContainerCmd(container.getContainerId()).exec();
        paused = true;
    }

    synchronized void unpause() {
        docker().unpauseContainerCmd(container.getContainerId()).exec();
        paused = false;
    }

    /** Runs {@code redis-cli} with these arguments inside the container (for a machine without one of its own). */
    String cli(List<String> args) {
        try {
            ExecResult result = container.execInContainer(args.toArray(String[]::new));
            return result.getStdout() + result.getStderr();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli in the container: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Kills and removes the container. */
    synchronized void remove() {
        removeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(remover);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }

    private synchronized void removeQuietly() {
        if (!created || container.getContainerId() == null) {
            return;
        }
        try {
            if (paused) {
                unpause();
            }
        } catch (RuntimeException e) {
            // removing it by force below does not care
        }
        try {
            container.stop();
        } catch (RuntimeException e) {
            try {
                docker().removeContainerCmd(container.getContainerId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException gone) {
                // already removed
            }
        }
    }

    private DockerClient docker() {
        return container.getDockerClient();
    }
}
