package dev.roster.adapters.javalin.auth;

import com.nimbusds.jose.jwk.Curve;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM public key tokens are checked with, and says which keys are usable: RSA of at least 2048 bits
 * (RS256) and EC on P-256 (ES256). Messages name what is wrong and never show the text.
 */
final class PemKeys {
    /** Shorter RSA keys can be factored at a cost within reach; RFC 7518 asks for 2048 bits. */
    static final int MIN_RSA_BITS = 2048;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "XDH", "DSA");

    private PemKeys() {
    }

    static PublicKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the PEM public key is empty");
        }
        Matcher block = BLOCK.matcher(text);
        if (!block.find()) {
            throw new IllegalArgumentException(
                    "the public key is not PEM: expected a -----BEGIN PUBLIC KEY----- block");
        }
        String label = block.group(1);
        if (label.contains("PRIVATE")) {
            throw new IllegalArgumentException("the PEM holds a private key: give only the public key");
        }
        if (!label.equals("PUBLIC KEY")) {
            throw new IllegalArgumentException("the PEM holds a " + label
                    + " block: give a PUBLIC KEY block (openssl pkey -pubout writes one)");
        }
        String body = block.group(2);
        if (block.find()) {
            throw new IllegalArgumentException("the PEM holds more than one block: give one public key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM public key is not valid base64");
        }
        return check(decode(der));
    }

    /** The key itself when tokens may be checked with it; else an IllegalArgumentException saying why not. */
    static PublicKey check(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("the RSA public key has " + bits + " bits: at least "
                        + MIN_RSA_BITS + " are needed");
            }
            return key;
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (!Curve.P_256.equals(curve)) {
                throw new IllegalArgumentException("the EC public key is on " + (curve == null ? "an unknown curve"
                        : "curve " + curve.getName()) + ": only P-256 (ES256) is supported");
            }
            return key;
        }
        throw new IllegalArgumentException("a " + key.getAlgorithm() + " public key is not supported: give an RSA "
                + "key (RS256) or an EC P-256 key (ES256)");
    }

    private static PublicKey decode(byte[] der) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException | ClassCastException notThisKind) {
                // the DER names its own algorithm; only the matching factory reads it
            }
        }
        throw new IllegalArgumentException("the PEM PUBLIC KEY block does not hold a readable public key");
    }
}
