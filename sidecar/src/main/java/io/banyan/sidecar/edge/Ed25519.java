package io.banyan.sidecar.edge;

import com.nimbusds.jose.jwk.OctetKeyPair;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/**
 * EdDSA over Ed25519 with the JDK's provider (Java 15+): nimbus-jose-jwt verifies Ed25519 only through Google Tink,
 * which this build does not carry.
 */
final class Ed25519 {

    /** The DER prefix of an X.509 SubjectPublicKeyInfo of an Ed25519 key (RFC 8410), before its 32 bytes. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519() {
    }

    static boolean verify(OctetKeyPair key, byte[] signed, byte[] signature) {
        byte[] x = key.getDecodedX();
        if (x.length != 32 || signature.length != 64) {
            return false;
        }
        byte[] spki = new byte[SPKI_PREFIX.length + x.length];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, SPKI_PREFIX.length, x.length);
        try {
            PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
