package dev.roster.adapters.javalin.auth;

import static dev.roster.adapters.javalin.auth.Tokens.claims;
import static dev.roster.adapters.javalin.auth.Tokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HS256 tokens, and the claim rules every kind of key shares. */
class JwtAuthenticatorTest {
    private static final String SECRET = "the-hs256-secret-for-these-tests";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant LATER = NOW.plus(Duration.ofHours(1));

    private final MovableClock clock = new MovableClock(NOW);
    private final JwtAuthenticator authenticator = new JwtAuthenticator(JwtSettings.hs256(SECRET), clock);

    @Test
    void a_good_token_names_the_user_lasts_as_long_as_it_is_accepted_and_grants_no_room_without_a_rooms_claim() {
        Identity identity = authenticate(hs256(SECRET, claims("ann", LATER)));

        assertThat(identity).isEqualTo(new Identity(UserId.of("ann"), LATER.plus(JwtSettings.DEFAULT_LEEWAY),
                RoomGrants.NONE));
    }

    @Test
    void a_forged_signature_is_refused() {
        assertRefused(hs256("another-secret-of-at-least-32-bytes", claims("ann", LATER)),
                "token signature is not valid");
    }

    @Test
    void a_token_expired_beyond_the_leeway_is_refused_and_one_within_it_accepted() {
        String token = hs256(SECRET, claims("ann", NOW.minusSeconds(4)));
        assertThat(authenticate(token).user()).isEqualTo(UserId.of("ann"));

        clock.advance(Duration.ofSeconds(1));
        assertRefused(token, "token expired");
    }

    @Test
    void the_leeway_is_the_configured_one() {
        JwtAuthenticator strict = new JwtAuthenticator(JwtSettings.hs256(SECRET).withLeeway(Duration.ZERO), clock);
        String token = hs256(SECRET, claims("ann", NOW.plusSeconds(1)));
        assertThat(strict.authenticate(new Credentials(token, null)).toCompletableFuture().join().expiresAt())
                .isEqualTo(NOW.plusSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> strict.authenticate(new Credentials(token, null)).toCompletableFuture().join())
                .cause().isInstanceOf(AuthenticationException.class).hasMessage("token expired");
    }

    @Test
    void a_token_not_valid_yet_is_refused_beyond_the_leeway() {
        String token = hs256(SECRET, claims("ann", LATER).notBeforeTime(Date.from(NOW.plusSeconds(6))));
        assertRefused(token, "token is not valid yet (nbf)");

        clock.advance(Duration.ofSeconds(1));
        assertThat(authenticate(token).user()).isEqualTo(UserId.of("ann"));
    }

    @Test
    void a_token_without_exp_is_refused() {
        assertRefused(hs256(SECRET, new JWTClaimsSet.Builder().subject("ann")), "token has no exp");
    }

    @Test
    void a_sub_that_is_missing_or_not_a_user_id_is_refused() {
        assertRefused(hs256(SECRET, new JWTClaimsSet.Builder().expirationTime(Date.from(LATER))), "token has no sub");
        assertRefused(hs256(SECRET, claims("not a user", LATER)), "sub is not a valid user id");
    }

    @Test
    void the_issuer_when_configured_must_be_the_tokens_iss() {
        JwtAuthenticator withIssuer = new JwtAuthenticator(
                JwtSettings.hs256(SECRET).withIssuer("https://idp.example"), clock);

        assertThat(authenticate(withIssuer, hs256(SECRET, claims("ann", LATER).issuer("https://idp.example"))).user())
                .isEqualTo(UserId.of("ann"));
        assertRefused(withIssuer, hs256(SECRET, claims("ann", LATER).issuer("https://evil.example")),
                "token iss is not https://idp.example");
        assertRefused(withIssuer, hs256(SECRET, claims("ann", LATER)), "token iss is not https://idp.example");
    }

    @Test
    void the_audience_when_configured_must_be_in_the_tokens_aud_string_or_array() {
        JwtAuthenticator withAudience = new JwtAuthenticator(JwtSettings.hs256(SECRET).withAudience("roster"), clock);

        assertThat(authenticate(withAudience, hs256(SECRET, claims("ann", LATER).audience("roster"))).user())
                .isEqualTo(UserId.of("ann"));
        assertThat(authenticate(withAudience, hs256(SECRET, claims("ann", LATER).audience(List.of("api", "roster"))))
                .user()).isEqualTo(UserId.of("ann"));
        assertRefused(withAudience, hs256(SECRET, claims("ann", LATER).audience(List.of("api", "billing"))),
                "token aud does not contain roster");
        assertRefused(withAudience, hs256(SECRET, claims("ann", LATER)), "token aud does not contain roster");
    }

    @Test
    void without_an_issuer_or_audience_configured_iss_and_aud_are_not_looked_at() {
        assertThat(authenticate(hs256(SECRET, claims("ann", LATER).issuer("anyone").audience("anything"))).user())
                .isEqualTo(UserId.of("ann"));
    }

    @Test
    void only_hs256_is_accepted_with_a_secret() {
        String hs512 = Tokens.sign(new JWSHeader(JWSAlgorithm.HS512), claims("ann", LATER),
                signer(SECRET + SECRET));
        assertRefused(hs512, "token must be signed with HS256");
        assertRefused(Tokens.unsigned(claims("ann", LATER)), "token must be signed with HS256");
        assertRefused(Tokens.rs256(Tokens.rsa("k1"), claims("ann", LATER)), "token must be signed with HS256");
        assertRefused(Tokens.es256(Tokens.ec("k1"), claims("ann", LATER)), "token must be signed with HS256");
    }

    @Test
    void a_token_that_says_it_is_not_a_jwt_is_refused_and_an_access_token_typed_one_accepted() {
        JWSHeader jose = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JOSE).build();
        assertRefused(Tokens.sign(jose, claims("ann", LATER), signer(SECRET)), "token typ must be JWT");

        JWSHeader accessToken = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build();
        assertThat(authenticate(Tokens.sign(accessToken, claims("ann", LATER), signer(SECRET))).user())
                .isEqualTo(UserId.of("ann"));
    }

    @Test
    void the_rooms_claim_becomes_the_identitys_room_grants() {
        Identity identity = authenticate(hs256(SECRET, claims("ann", LATER)
                .claim("rooms", List.of("lobby", "team-*"))));

        assertThat(identity.rooms()).isEqualTo(RoomGrants.of(List.of("lobby", "team-*")));
        assertThat(identity.rooms().allows(RoomId.of("team-red"))).isTrue();
        assertThat(identity.rooms().allows(RoomId.of("kitchen"))).isFalse();
        assertThat(authenticate(hs256(SECRET, claims("ann", LATER).claim("rooms", List.of("*")))).rooms())
                .isEqualTo(RoomGrants.ALL);
        assertThat(authenticate(hs256(SECRET, claims("ann", LATER).claim("rooms", List.of()))).rooms())
                .isEqualTo(RoomGrants.NONE);
    }

    @Test
    void a_rooms_claim_that_is_not_an_array_of_strings_is_refused() {
        assertRefused(hs256(SECRET, claims("ann", LATER).claim("rooms", "lobby")),
                "token rooms claim must be an array of strings");
        assertRefused(hs256(SECRET, claims("ann", LATER).claim("rooms", List.of("lobby", 7))),
                "token rooms claim must be an array of strings");
        assertRefused(hs256(SECRET, claims("ann", LATER).claim("rooms", Map.of("lobby", true))),
                "token rooms claim must be an array of strings");
    }

    @Test
    void a_rooms_claim_with_an_entry_that_is_no_room_pattern_or_star_is_refused() {
        assertRefused(hs256(SECRET, claims("ann", LATER).claim("rooms", List.of("lobby", "two words"))),
                "token rooms claim is not valid: rooms entry is not a room, a prefix* or *");
        assertRefused(hs256(SECRET, claims("ann", LATER).claim("rooms", List.of("*team"))),
                "token rooms claim is not valid");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= RoomGrants.MAX_ENTRIES; i++) {
            tooMany.add("room-" + i);
        }
        assertRefused(hs256(SECRET, claims("ann", LATER).claim("rooms", tooMany)), "token rooms claim is not valid");
    }

    @Test
    void a_registered_claim_of_the_wrong_type_is_refused() {
        String header = Base64URL.encode("{\"alg\":\"HS256\"}").toString();
        String payload = Base64URL.encode("{\"sub\":\"ann\",\"exp\":\"tomorrow\"}").toString();
        String token = header + "." + payload + "." + Base64URL.encode(hmac(header + "." + payload));

        assertRefused(token, "token claims are not a valid JSON object");
    }

    @Test
    void a_missing_or_malformed_token_is_refused() {
        assertRefused(null, "token is missing");
        assertRefused("", "token is missing");
        assertRefused("not.a.jwt", "not a well-formed JWT");
    }

    @Test
    void refusals_never_echo_the_token_or_the_secret() {
        String forged = hs256("another-secret-of-at-least-32-bytes", claims("ann", LATER));

        assertThatThrownBy(() -> authenticate(forged)).cause()
                .message().doesNotContain(forged).doesNotContain(SECRET).doesNotContain(forged.split("\\.")[2]);
    }

    @Test
    void it_describes_itself_without_the_secret() {
        assertThat(authenticator.describe()).isEqualTo("HS256 secret, leeway 5 s");
        assertThat(new JwtAuthenticator(JwtSettings.hs256(SECRET).withIssuer("https://idp.example")
                .withAudience("roster")).describe())
                .isEqualTo("HS256 secret, iss https://idp.example, aud roster, leeway 5 s");
    }

    private static byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MACSigner signer(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (KeyLengthException e) {
            throw new IllegalStateException(e);
        }
    }

    private Identity authenticate(String token) {
        return authenticate(authenticator, token);
    }

    private static Identity authenticate(JwtAuthenticator authenticator, String token) {
        return authenticator.authenticate(new Credentials(token, null)).toCompletableFuture().join();
    }

    private void assertRefused(String token, String reason) {
        assertRefused(authenticator, token, reason);
    }

    private static void assertRefused(JwtAuthenticator authenticator, String token, String reason) {
        assertThatThrownBy(() -> authenticate(authenticator, token))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(AuthenticationException.class).hasMessageContaining(reason);
    }
}
