package dev.roster.adapters.javalin.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

/** Keys made for the test and tokens signed with them, by the same library the authenticator checks them with. */
final class Tokens {
    private Tokens() {
    }

    static RSAKey rsa(String kid) {
        return rsa(kid, 2048);
    }

    static RSAKey rsa(String kid, int bits) {
        try {
            // the generator refuses short keys, which some tests need: the JDK makes those
            if (bits < 2048) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(bits);
                KeyPair pair = generator.generateKeyPair();
                return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                        .privateKey(pair.getPrivate()).keyID(kid).build();
            }
            return new RSAKeyGenerator(bits).keyID(kid).generate();
        } catch (JOSEException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid) {
        return ec(kid, Curve.P_256);
    }

    static ECKey ec(String kid, Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN PUBLIC KEY-----}, as {@code openssl pkey -pubout} writes it. */
    static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    static JWTClaimsSet.Builder claims(String sub, Instant exp) {
        return new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(exp));
    }

    static String hs256(String secret, JWTClaimsSet.Builder claims) {
        return hs256(secret.getBytes(StandardCharsets.UTF_8), claims);
    }

    static String hs256(byte[] secret, JWTClaimsSet.Builder claims) {
        try {
            return sign(new JWSHeader(JWSAlgorithm.HS256), claims, new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(RSAKey key, JWTClaimsSet.Builder claims) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims,
                    new RSASSASigner(key.toPrivateKey(), Set.of(AllowWeakRSAKey.getInstance())));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String es256(ECKey key, JWTClaimsSet.Builder claims) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims,
                    new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, JWTClaimsSet.Builder claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token, {@code alg: none}, built by hand: the header, the claims and an empty signature. */
    static String unsigned(JWTClaimsSet.Builder claims) {
        return Base64URL.encode("{\"alg\":\"none\"}") + "." + Base64URL.encode(claims.build().toString()) + ".";
    }
}
