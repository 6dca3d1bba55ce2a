package dev.roster.adapters.javalin.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider's key set endpoint on a free loopback port: serves the public halves of the keys it is
 * given, counts the requests, and can be told to answer late or never.
 */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean silent;
    private volatile Duration delay = Duration.ZERO;

    JwksServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks.json", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                if (silent) {
                    released.await(1, TimeUnit.MINUTES);
                    return;
                }
                Thread.sleep(delay.toMillis());
                byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** Serves these keys (their public halves) from now on. */
    JwksServer serve(JWK... keys) {
        body.set(new JWKSet(List.of(keys)).toString(true));
        return this;
    }

    /** Serves this text as it is. */
    JwksServer serveRaw(String text) {
        body.set(text);
        return this;
    }

    /** Answers each request only after this long. */
    JwksServer delay(Duration by) {
        delay = by;
        return this;
    }

    /** Accepts requests from now on and never answers them. */
    JwksServer silent() {
        silent = true;
        return this;
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
