package dev.roster.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.roster.bench.report.Latency;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepAliveLoadTest {
    private HttpServer server;
    private final Set<Object> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unauthorized = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ok", exchange -> {
            connections.add(exchange.getRemoteAddress());
            boolean authorized = "Bearer t0ken".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!authorized) {
                unauthorized.incrementAndGet();
            }
            byte[] body = "{\"user\":\"u\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(503, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"error\":".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("\"unavailable\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsExactlyTheRequestsAskedForOverKeptAliveConnectionsWithTheToken() throws InterruptedException {
        KeepAliveLoad load = new KeepAliveLoad(server.getAddress(), "/ok", "Bearer t0ken");
        Latency latency = new Latency("GET /ok");

        load.run(3, 300, System.nanoTime() + TimeUnit.MINUTES.toNanos(1), latency);

        assertThat(load.answered()).isEqualTo(300);
        assertThat(latency.count()).isEqualTo(300);
        assertThat(load.non2xx()).isZero();
        assertThat(load.errors()).isZero();
        assertThat(unauthorized).hasValue(0);
        // one connection per client, each kept for all its requests
        assertThat(connections).hasSize(3);
    }

    @Test
    void countsAnswersOtherThan2xxWhetherSizedOrChunked() throws InterruptedException {
        KeepAliveLoad wrongToken = new KeepAliveLoad(server.getAddress(), "/ok", "Bearer other");
        KeepAliveLoad chunked = new KeepAliveLoad(server.getAddress(), "/chunked", null);

        wrongToken.run(2, 20, System.nanoTime() + TimeUnit.MINUTES.toNanos(1), new Latency("a"));
        chunked.run(2, 20, System.nanoTime() + TimeUnit.MINUTES.toNanos(1), new Latency("b"));

        assertThat(wrongToken.answered()).isEqualTo(20);
        assertThat(wrongToken.non2xx()).isEqualTo(20);
        assertThat(chunked.answered()).isEqualTo(20);
        assertThat(chunked.non2xx()).isEqualTo(20);
        assertThat(chunked.errors()).isZero();
    }

    @Test
    void countsARefusedConnectionAsAnError() throws InterruptedException {
        InetSocketAddress address = server.getAddress();
        server.stop(0);
        KeepAliveLoad load = new KeepAliveLoad(address, "/ok", null);

        load.run(1, 1, System.nanoTime() + TimeUnit.SECONDS.toNanos(30), new Latency("c"));

        assertThat(load.answered()).isZero();
        assertThat(load.errors()).isPositive();
        assertThat(load.firstError()).contains("Connect");
    }

    @Test
    void readsAnAnswerToItsLastByteAndNoFurther() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 404 Not Found\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3;x=y\r\nabc\r\n0\r\n\r\n");

        assertThat(KeepAliveLoad.Answer.read(in)).isEqualTo(new KeepAliveLoad.Answer(200, false));
        assertThat(KeepAliveLoad.Answer.read(in)).isEqualTo(new KeepAliveLoad.Answer(404, true));
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void refusesWhatIsNotAnHttp11Answer() {
        assertThatThrownBy(() -> KeepAliveLoad.Answer.read(stream("HTTP/1.0 200 OK\r\n\r\n")))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> KeepAliveLoad.Answer.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab")))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new KeepAliveLoad(new InetSocketAddress(1), "/a b", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
