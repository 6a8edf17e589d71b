package io.banyan.certs;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 certificate signing request: created by a sidecar for its own key pair and SPIFFE id
 * (the private key never leaves it), parsed and verified by the CA.
 */
public final class Csr {

    private final JcaPKCS10CertificationRequest request;

    private Csr(JcaPKCS10CertificationRequest request) {
        this.request = request;
    }

    /** A DER-encoded CSR for {@code keys} asking for {@code id} as its URI SAN, signed with the private key. */
    public static byte[] create(KeyPair keys, SpiffeId id) {
        Objects.requireNonNull(id, "id");
        checkP256(keys.getPublic());
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.toString())));
            var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + id.service()), keys.getPublic());
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create CSR", e);
        }
    }

    /** Parses a DER-encoded CSR (does not verify it; see {@link #verify()}). */
    public static Csr parse(byte[] der) {
        try {
            return new Csr(new JcaPKCS10CertificationRequest(Objects.requireNonNull(der, "csr")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("csr: not a DER PKCS#10 request (" + e.getMessage() + ")", e);
        }
    }

    /** Checks that the request is signed by the private key of the public key it carries. */
    public void verify() {
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey()))) {
                throw new IllegalArgumentException("csr: signature does not verify (expected: signed by the requested key)");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("csr: signature cannot be checked (" + e.getMessage() + ")", e);
        }
    }

    public PublicKey publicKey() {
        try {
            return request.getPublicKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("csr: unreadable public key (" + e.getMessage() + ")", e);
        }
    }

    /** The SPIFFE id the request asks for in its SAN extension, if any. */
    public Optional<SpiffeId> requestedId() {
        for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : attribute.getAttributeValues()) {
                GeneralNames names = GeneralNames.fromExtensions(Extensions.getInstance(value), Extension.subjectAlternativeName);
                if (names == null) {
                    continue;
                }
                for (GeneralName name : names.getNames()) {
                    if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        return Optional.of(SpiffeId.parse(name.getName().toString()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    static void checkP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("public key: " + (key == null ? "null" : key.getAlgorithm())
                    + " (expected: EC P-256)");
        }
    }
}
