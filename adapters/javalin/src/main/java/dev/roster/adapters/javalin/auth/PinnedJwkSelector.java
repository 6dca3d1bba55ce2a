package dev.roster.adapters.javalin.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.Set;

/**
 * Chooses the keys of a JWKS a token may be checked with, so that the token's {@code alg} is bound to the key's
 * type: RS256 only with an RSA key of at least 2048 bits, ES256 only with an EC key on P-256; the key must be for
 * signing (or say nothing of its use), carry the token's {@code kid} when the token names one, and, when it names
 * an {@code alg} of its own, name the token's.
 */
final class PinnedJwkSelector extends JWSVerificationKeySelector<SecurityContext> {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    PinnedJwkSelector(JWKSource<SecurityContext> source) {
        super(ALGORITHMS, source);
    }

    @Override
    protected JWKMatcher createJWKMatcher(JWSHeader header) {
        JWSAlgorithm alg = header.getAlgorithm();
        if (!isAllowed(alg)) {
            return null;
        }
        JWKMatcher.Builder matcher = new JWKMatcher.Builder()
                .keyID(header.getKeyID())
                .keyUses(KeyUse.SIGNATURE, null)
                .algorithms(alg, null);
        if (alg.equals(JWSAlgorithm.RS256)) {
            return matcher.keyType(KeyType.RSA).minKeySize(PemKeys.MIN_RSA_BITS).build();
        }
        return matcher.keyType(KeyType.EC).curve(Curve.P_256).build();
    }
}
