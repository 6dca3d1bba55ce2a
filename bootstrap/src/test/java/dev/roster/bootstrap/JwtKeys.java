package dev.roster.bootstrap;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Public keys in PEM form, made fresh for the configuration tests. */
final class JwtKeys {
    private JwtKeys() {
    }

    static String rsaPem() {
        return rsaPem(2048);
    }

    static String rsaPem(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return pem(generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String ecPem() {
        return ecPem("secp256r1");
    }

    static String ecPem(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return pem(generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    static Stream<Arguments> eachKeySetting() {
        return Stream.of(
                Arguments.of("ROSTER_JWT_SECRET", "an-hs256-secret-of-at-least-32-bytes"),
                Arguments.of("ROSTER_JWT_PUBLIC_KEY", rsaPem()),
                Arguments.of("ROSTER_JWT_JWKS_URL", "https://issuer.example/.well-known/jwks.json"));
    }
}
