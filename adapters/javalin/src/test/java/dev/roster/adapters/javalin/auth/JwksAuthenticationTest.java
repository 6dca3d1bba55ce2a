package dev.roster.adapters.javalin.auth;

import static dev.roster.adapters.javalin.auth.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.UserId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens checked with a key set fetched from an identity provider the test runs. */
class JwksAuthenticationTest {
    private static final Instant LATER = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
    private static final RSAKey RSA = Tokens.rsa("rsa-1");
    private static final ECKey EC = Tokens.ec("ec-1");

    private final JwksServer idp = new JwksServer();
    private final MovableClock clock = new MovableClock(Instant.now());

    @AfterEach
    void stopTheIdp() {
        idp.close();
    }

    @Test
    void a_token_is_checked_with_the_key_its_kid_names_rs256_or_es256() {
        idp.serve(RSA, EC);
        JwtAuthenticator authenticator = withDefaults();

        Identity ann = authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER)
                .claim("rooms", List.of("lobby"))));
        assertThat(ann).isEqualTo(new Identity(UserId.of("ann"), LATER.plus(JwtSettings.DEFAULT_LEEWAY),
                RoomGrants.of(List.of("lobby"))));
        assertThat(authenticate(authenticator, Tokens.es256(EC, claims("bob", LATER))).user())
                .isEqualTo(UserId.of("bob"));
        assertThat(authenticator.describe()).isEqualTo("JWKS " + idp.url() + ", leeway 5 s");
    }

    @Test
    void the_set_is_fetched_once_and_then_served_from_the_cache() {
        idp.serve(RSA, EC);
        JwtAuthenticator authenticator = withDefaults();

        for (int i = 0; i < 20; i++) {
            authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER)));
            authenticate(authenticator, Tokens.es256(EC, claims("bob", LATER)));
        }

        assertThat(idp.requests()).isEqualTo(1);
    }

    @Test
    void handshakes_that_arrive_together_before_the_set_is_known_share_one_fetch() {
        idp.serve(RSA).delay(Duration.ofMillis(300));
        JwtAuthenticator authenticator = withDefaults();
        String token = Tokens.rs256(RSA, claims("ann", LATER));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Identity>> handshakes = IntStream.range(0, 16)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> authenticate(authenticator, token), threads))
                    .toList();

            assertThat(handshakes).allSatisfy(h -> assertThat(h.join().user()).isEqualTo(UserId.of("ann")));
            assertThat(idp.requests()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void the_set_is_fetched_again_once_the_cache_lifetime_has_passed() throws InterruptedException {
        idp.serve(RSA);
        JwtAuthenticator authenticator = new JwtAuthenticator(JwtSettings.of(new JwtSettings.Jwks(
                URI.create(idp.url()), Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(100))));

        authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER)));
        Thread.sleep(400);
        authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER)));

        assertThat(idp.requests()).isEqualTo(2);
    }

    @Test
    void while_the_identity_provider_is_away_the_last_set_fetched_keeps_serving() throws InterruptedException {
        idp.serve(RSA);
        JwtAuthenticator authenticator = new JwtAuthenticator(JwtSettings.of(new JwtSettings.Jwks(
                URI.create(idp.url()), Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(100))));
        authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER)));

        idp.serveRaw("<html>maintenance</html>");
        Thread.sleep(400);

        // the cache lifetime has passed and the refetch fails: the known key is still good, an unknown one is not
        assertThat(authenticate(authenticator, Tokens.rs256(RSA, claims("bob", LATER))).user())
                .isEqualTo(UserId.of("bob"));
        assertThat(idp.requests()).isEqualTo(2);
        assertRefused(authenticator, Tokens.rs256(Tokens.rsa("rsa-9"), claims("mallory", LATER)),
                "no key of the key set");
    }

    @Test
    void a_token_signed_with_a_key_not_in_the_set_or_with_a_forged_signature_is_refused() {
        idp.serve(RSA, EC);
        JwtAuthenticator authenticator = withDefaults();

        assertRefused(authenticator, Tokens.rs256(Tokens.rsa("rsa-1"), claims("ann", LATER)),
                "token signature is not valid");
        assertRefused(authenticator, Tokens.es256(Tokens.ec("ec-1"), claims("ann", LATER)),
                "token signature is not valid");
    }

    @Test
    void a_rotated_key_is_accepted_after_one_refetch_once_the_interval_since_the_last_fetch_has_passed() {
        idp.serve(RSA);
        JwtAuthenticator authenticator = withDefaults();
        authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER)));

        RSAKey next = Tokens.rsa("rsa-2");
        idp.serve(RSA, next);
        String rotated = Tokens.rs256(next, claims("ann", LATER));
        // within 30 s of the last fetch the set is not fetched again, whoever asks
        assertRefused(authenticator, rotated, "no key of the key set matches the token's kid and alg");
        assertThat(idp.requests()).isEqualTo(1);

        clock.advance(JwtSettings.Jwks.DEFAULT_REFETCH_INTERVAL);
        assertThat(authenticate(authenticator, rotated).user()).isEqualTo(UserId.of("ann"));
        assertThat(authenticate(authenticator, Tokens.rs256(RSA, claims("bob", LATER))).user())
                .isEqualTo(UserId.of("bob"));
        assertThat(idp.requests()).isEqualTo(2);
    }

    @Test
    void a_storm_of_unknown_kids_costs_the_identity_provider_one_request_per_interval() {
        idp.serve(RSA);
        JwtAuthenticator authenticator = withDefaults();
        authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER)));
        clock.advance(JwtSettings.Jwks.DEFAULT_REFETCH_INTERVAL);

        RSAKey attackers = Tokens.rsa("attacker");
        for (int i = 0; i < 100; i++) {
            RSAKey made = new RSAKey.Builder(attackers).keyID(UUID.randomUUID().toString()).build();
            assertRefused(authenticator, Tokens.rs256(made, claims("mallory", LATER)), "no key of the key set");
            clock.advance(Duration.ofMillis(250));
        }

        // 100 tokens over 25 s: one refetch, for the first of them
        assertThat(idp.requests()).isEqualTo(2);
        // and the known key still works throughout
        assertThat(authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER))).user())
                .isEqualTo(UserId.of("ann"));
        assertThat(idp.requests()).isEqualTo(2);
    }

    @Test
    void a_key_set_that_never_answers_fails_the_handshake_as_unavailable_instead_of_hanging() throws Exception {
        idp.silent();
        JwtAuthenticator authenticator = new JwtAuthenticator(JwtSettings.of(new JwtSettings.Jwks(
                URI.create(idp.url()), Duration.ofMillis(300), Duration.ofMinutes(5), Duration.ofSeconds(30))), clock);
        String token = Tokens.rs256(RSA, claims("ann", LATER));

        CompletableFuture<Identity> first = CompletableFuture.supplyAsync(() -> token)
                .thenCompose(t -> authenticator.authenticate(new Credentials(t, null)));

        // a bound far above the 300 ms timeout: this checks that it ends, not how fast
        assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(KeySetUnavailableException.class)
                .hasMessageContaining("could not be fetched");
        // the next handshakes inside the interval do not ask again, and do not wait
        assertThatThrownBy(() -> authenticate(authenticator, token))
                .cause().isInstanceOf(KeySetUnavailableException.class);
        assertThat(idp.requests()).isEqualTo(1);
    }

    @Test
    void a_key_set_that_cannot_be_reached_or_is_not_a_key_set_is_unavailable_and_asked_again_after_the_interval()
            throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JwtAuthenticator unreachable = new JwtAuthenticator(
                JwtSettings.jwks("http://127.0.0.1:" + closedPort + "/jwks.json"), clock);
        assertThatThrownBy(() -> authenticate(unreachable, Tokens.rs256(RSA, claims("ann", LATER))))
                .cause().isInstanceOf(KeySetUnavailableException.class);

        idp.serveRaw("<html>maintenance</html>");
        JwtAuthenticator authenticator = withDefaults();
        assertThatThrownBy(() -> authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER))))
                .cause().isInstanceOf(KeySetUnavailableException.class);

        idp.serve(RSA);
        assertThatThrownBy(() -> authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER))))
                .cause().isInstanceOf(KeySetUnavailableException.class);
        assertThat(idp.requests()).isEqualTo(1);
        clock.advance(JwtSettings.Jwks.DEFAULT_REFETCH_INTERVAL);
        assertThat(authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER))).user())
                .isEqualTo(UserId.of("ann"));
        assertThat(idp.requests()).isEqualTo(2);
    }

    @Test
    void a_key_set_larger_than_256_kib_is_not_read() {
        idp.serveRaw("{\"keys\":[],\"padding\":\"" + "x".repeat(256 * 1024) + "\"}");
        JwtAuthenticator authenticator = withDefaults();

        assertThatThrownBy(() -> authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER))))
                .cause().isInstanceOf(KeySetUnavailableException.class);

        // the same set a little smaller is read: an empty set, so the token finds no key
        idp.serveRaw("{\"keys\":[],\"padding\":\"" + "x".repeat(255 * 1024) + "\"}");
        clock.advance(JwtSettings.Jwks.DEFAULT_REFETCH_INTERVAL);
        assertRefused(authenticator, Tokens.rs256(RSA, claims("ann", LATER)), "no key of the key set matches");
    }

    @Test
    void the_tokens_alg_must_fit_the_type_of_the_key_its_kid_names() {
        idp.serve(RSA, EC);
        JwtAuthenticator authenticator = withDefaults();

        // an RS256 token naming the EC key's kid (signed with some RSA key) finds no RSA key by that kid
        RSAKey posing = new RSAKey.Builder(Tokens.rsa("x")).keyID(EC.getKeyID()).build();
        assertRefused(authenticator, Tokens.rs256(posing, claims("ann", LATER)), "no key of the key set matches");
        ECKey posingEc = new ECKey.Builder(Tokens.ec("x")).keyID(RSA.getKeyID()).build();
        assertRefused(authenticator, Tokens.es256(posingEc, claims("ann", LATER)), "no key of the key set matches");
        assertRefused(authenticator, Tokens.unsigned(claims("ann", LATER)), "token must be signed with ES256 or RS256");
        assertRefused(authenticator, Tokens.hs256("a-secret-of-at-least-thirty-two-bytes", claims("ann", LATER)),
                "token must be signed with ES256 or RS256");
    }

    @Test
    void a_key_the_token_carries_or_points_to_in_its_header_is_never_used() throws Exception {
        idp.serve(RSA);
        JwtAuthenticator authenticator = withDefaults();
        RSAKey attackers = Tokens.rsa("attacker");

        JWSHeader embedded = new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(attackers.toPublicJWK())
                .jwkURL(URI.create("https://evil.example/jwks.json")).build();
        String token = Tokens.sign(embedded, claims("mallory", LATER), new RSASSASigner(attackers));

        assertRefused(authenticator, token, "token signature is not valid");
    }

    @Test
    void a_key_that_names_its_alg_or_use_is_used_for_that_only() {
        RSAKey forRs512 = new RSAKey.Builder(Tokens.rsa("rsa-512")).algorithm(JWSAlgorithm.RS512).build();
        RSAKey forRs256 = new RSAKey.Builder(Tokens.rsa("rsa-256")).algorithm(JWSAlgorithm.RS256).build();
        RSAKey forEncryption = new RSAKey.Builder(Tokens.rsa("rsa-enc")).keyUse(KeyUse.ENCRYPTION).build();
        idp.serve(forRs512, forRs256, forEncryption);
        JwtAuthenticator authenticator = withDefaults();

        assertThat(authenticate(authenticator, Tokens.rs256(forRs256, claims("ann", LATER))).user())
                .isEqualTo(UserId.of("ann"));
        assertRefused(authenticator, Tokens.rs256(forRs512, claims("ann", LATER)), "no key of the key set matches");
        assertRefused(authenticator, Tokens.rs256(forEncryption, claims("ann", LATER)),
                "no key of the key set matches");
    }

    @Test
    void short_rsa_keys_and_ec_keys_off_p256_in_the_set_are_not_used() {
        RSAKey weak = Tokens.rsa("weak", 1024);
        ECKey p384 = Tokens.ec("p384", Curve.P_384);
        idp.serve(weak, p384, RSA);
        JwtAuthenticator authenticator = withDefaults();

        assertRefused(authenticator, Tokens.rs256(weak, claims("ann", LATER)), "no key of the key set matches");
        // an ES256 token naming the P-384 key: ES256 is P-256 only
        ECKey posing = new ECKey.Builder(Tokens.ec("x")).keyID("p384").build();
        assertRefused(authenticator, Tokens.es256(posing, claims("ann", LATER)), "no key of the key set matches");
        assertThat(authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER))).user())
                .isEqualTo(UserId.of("ann"));
    }

    @Test
    void the_claim_rules_hold_with_a_key_set_too() {
        idp.serve(RSA);
        JwtAuthenticator authenticator = new JwtAuthenticator(JwtSettings.jwks(idp.url())
                .withIssuer("https://idp.example").withAudience("roster"), clock);

        assertThat(authenticate(authenticator, Tokens.rs256(RSA, claims("ann", LATER)
                .issuer("https://idp.example").audience(List.of("roster", "api")))).user())
                .isEqualTo(UserId.of("ann"));
        assertRefused(authenticator, Tokens.rs256(RSA, claims("ann", LATER).audience("roster")),
                "token iss is not https://idp.example");
        assertRefused(authenticator, Tokens.rs256(RSA, claims("ann", LATER).issuer("https://idp.example")),
                "token aud does not contain roster");
        assertRefused(authenticator, Tokens.rs256(RSA, claims("ann", LATER).issuer("https://idp.example")
                .audience("roster").claim("rooms", List.of(1, 2))), "token rooms claim must be an array of strings");
    }

    private JwtAuthenticator withDefaults() {
        return new JwtAuthenticator(JwtSettings.jwks(idp.url()), clock);
    }

    private static Identity authenticate(JwtAuthenticator authenticator, String token) {
        return authenticator.authenticate(new Credentials(token, null)).toCompletableFuture().join();
    }

    private static void assertRefused(JwtAuthenticator authenticator, String token, String reason) {
        assertThatThrownBy(() -> authenticate(authenticator, token))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(AuthenticationException.class).hasMessageContaining(reason);
    }
}
