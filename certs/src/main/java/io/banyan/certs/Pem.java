package io.banyan.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM text of certificates, certificate chains, PKCS#8 private keys and PKCS#10 requests. */
public final class Pem {

    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    public static String writeCertificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate: cannot encode (" + e.getMessage() + ")", e);
        }
    }

    /** Certificates one after the other, e.g. a leaf then its intermediates. */
    public static String writeCertificates(List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        chain.forEach(certificate -> text.append(writeCertificate(certificate)));
        return text.toString();
    }

    /** An unencrypted PKCS#8 {@code PRIVATE KEY} block. */
    public static String writePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key: format " + key.getFormat() + " (expected: PKCS#8)");
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    public static String writeCsr(byte[] der) {
        return block("CERTIFICATE REQUEST", der);
    }

    /** Every certificate in the text, in order; at least one. */
    public static List<X509Certificate> readCertificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            for (var certificate : factory.generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                result.add((X509Certificate) certificate);
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException("pem: no CERTIFICATE block (expected: at least one)");
            }
            return List.copyOf(result);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("pem: unreadable certificate (" + e.getMessage() + ")", e);
        }
    }

    /** The first certificate in the text. */
    public static X509Certificate readCertificate(String pem) {
        return readCertificates(pem).get(0);
    }

    /** A {@code PRIVATE KEY} (PKCS#8) or {@code EC PRIVATE KEY} (SEC 1) block. */
    public static PrivateKey readPrivateKey(String pem) {
        Object object = readObject(pem, "PRIVATE KEY");
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("pem: unreadable private key (" + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException("pem: " + describe(object) + " (expected: an unencrypted PRIVATE KEY block)");
    }

    /** The DER bytes of a {@code CERTIFICATE REQUEST} block. */
    public static byte[] readCsr(String pem) {
        Object object = readObject(pem, "CERTIFICATE REQUEST");
        if (object instanceof PKCS10CertificationRequest request) {
            try {
                return request.getEncoded();
            } catch (IOException e) {
                throw new IllegalArgumentException("pem: unreadable certificate request (" + e.getMessage() + ")", e);
            }
        }
        throw new IllegalArgumentException("pem: " + describe(object) + " (expected: a CERTIFICATE REQUEST block)");
    }

    private static Object readObject(String pem, String expected) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IllegalArgumentException("pem: no PEM block (expected: " + expected + ")");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException("pem: malformed (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
