package io.banyan.certs;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An EC P-256 certificate authority of one SPIFFE trust domain: a self-signed root, or an intermediate
 * signed by another authority, that issues short-lived workload certificates whose only identity is
 * the URI SAN {@code spiffe://<trust-domain>/svc/<service>}.
 */
public final class CertificateAuthority {

    public static final Duration DEFAULT_WORKLOAD_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Workload certificates start a little in the past, for clock skew between machines. */
    private static final Duration BACKDATE = Duration.ofMinutes(1);

    private final String trustDomain;
    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(String trustDomain, List<X509Certificate> chain, PrivateKey privateKey, Clock clock) {
        this.trustDomain = trustDomain;
        this.chain = List.copyOf(chain);
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new self-signed root CA for {@code trustDomain}. */
    public static CertificateAuthority createRoot(String trustDomain, Duration validity, Clock clock) {
        SpiffeId.checkTrustDomain(trustDomain);
        checkPositive(validity, "validity");
        var keys = EcKeys.generate();
        X500Name subject = caName(trustDomain, "Banyan Root CA");
        Instant now = clock.instant();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(new SecureRandom()),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            addCaExtensions(builder, trustDomain, null);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(keys.getPublic()));
        } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build root CA extensions", e);
        }
        X509Certificate root = sign(builder, keys.getPrivate());
        return new CertificateAuthority(trustDomain, List.of(root), keys.getPrivate(), clock);
    }

    /** A new intermediate CA signed by this one, of the same trust domain, with path length 0. */
    public CertificateAuthority createIntermediate(Duration validity) {
        checkPositive(validity, "validity");
        var keys = EcKeys.generate();
        Instant now = clock.instant();
        Instant notAfter = min(now.plus(validity), certificate().getNotAfter().toInstant());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate(), serial(random),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter),
                caName(trustDomain, "Banyan Intermediate CA"), keys.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            addCaExtensions(builder, trustDomain, 0);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(certificate()));
        } catch (CertIOException | java.security.NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot build intermediate CA extensions", e);
        }
        X509Certificate intermediate = sign(builder, privateKey);
        List<X509Certificate> newChain = new ArrayList<>();
        newChain.add(intermediate);
        newChain.addAll(chain);
        return new CertificateAuthority(trustDomain, newChain, keys.getPrivate(), clock);
    }

    /**
     * An authority loaded from its certificate chain (its own certificate first, the root last) and key.
     * The trust domain is read from the CA certificate's {@code spiffe://<trust-domain>} URI SAN.
     */
    public static CertificateAuthority of(List<X509Certificate> chain, PrivateKey privateKey, Clock clock) {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the CA certificate, then its issuers up to the root)");
        }
        X509Certificate ca = chain.get(0);
        if (ca.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("chain: '" + ca.getSubjectX500Principal().getName()
                    + "' is not a CA certificate (expected: basicConstraints CA=true)");
        }
        String trustDomain = CertificateInfo.of(ca).uris().stream()
                .filter(uri -> uri.startsWith("spiffe://"))
                .map(uri -> uri.substring("spiffe://".length()))
                .filter(domain -> !domain.contains("/"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("chain: CA certificate has no spiffe://<trust-domain> URI SAN"));
        return new CertificateAuthority(trustDomain, chain, privateKey, clock);
    }

    /** Issues a workload certificate for {@code publicKey} (EC P-256) with the identity {@code id}. */
    public X509Certificate issue(PublicKey publicKey, SpiffeId id, Duration ttl, Usage usage) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(usage, "usage");
        checkPositive(ttl, "ttl");
        Csr.checkP256(publicKey);
        if (!id.trustDomain().equals(trustDomain)) {
            throw new IllegalArgumentException("id: '" + id + "' (expected: trust domain " + trustDomain + ")");
        }
        return leaf(publicKey, id.service(), ttl, usage,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.toString())));
    }

    /**
     * Issues a web server certificate for {@code publicKey} (EC P-256) naming {@code dnsNames} (exact names or
     * {@code *.suffix} wildcards) as DNS subject alternative names, for server authentication only: what an edge
     * gateway presents to clients outside the mesh. Its common name is the first name.
     */
    public X509Certificate issueServer(PublicKey publicKey, List<String> dnsNames, Duration ttl) {
        Objects.requireNonNull(dnsNames, "dnsNames");
        if (dnsNames.isEmpty()) {
            throw new IllegalArgumentException("dnsNames: [] (expected: at least one DNS name)");
        }
        checkPositive(ttl, "ttl");
        Csr.checkP256(publicKey);
        GeneralName[] names = dnsNames.stream().map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        return leaf(publicKey, dnsNames.get(0), ttl, Usage.SERVER, new GeneralNames(names));
    }

    private X509Certificate leaf(PublicKey publicKey, String commonName, Duration ttl, Usage usage,
                                 GeneralNames alternativeNames) {
        Instant now = clock.instant();
        Instant notAfter = min(now.plus(ttl), certificate().getNotAfter().toInstant());
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, trustDomain)
                .addRDN(BCStyle.CN, commonName)
                .build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate(), serial(random),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, publicKey);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (usage.server()) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (usage.client()) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate()));
        } catch (CertIOException | java.security.NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot build workload certificate extensions", e);
        }
        return sign(builder, privateKey);
    }

    /** Issues for a DER PKCS#10 request, after verifying its signature and that it asks for no other identity. */
    public X509Certificate issue(byte[] csrDer, SpiffeId id, Duration ttl, Usage usage) {
        Csr csr = Csr.parse(csrDer);
        csr.verify();
        Optional<SpiffeId> requested = csr.requestedId();
        if (requested.isPresent() && !requested.get().equals(id)) {
            throw new IllegalArgumentException("csr: requests '" + requested.get() + "' (expected: " + id + ")");
        }
        return issue(csr.publicKey(), id, ttl, usage);
    }

    /** Issues with the defaults: one hour, server and client usage. */
    public X509Certificate issue(PublicKey publicKey, SpiffeId id) {
        return issue(publicKey, id, DEFAULT_WORKLOAD_TTL, Usage.BOTH);
    }

    /** A leaf followed by this authority's chain without the root: what a TLS peer presents. */
    public List<X509Certificate> presentedChain(X509Certificate leaf) {
        List<X509Certificate> result = new ArrayList<>();
        result.add(leaf);
        result.addAll(chain.subList(0, chain.size() - 1));
        return List.copyOf(result);
    }

    public String trustDomain() {
        return trustDomain;
    }

    /** This authority's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** This authority's certificate followed by its issuers, the root last. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The trust anchor. */
    public X509Certificate root() {
        return chain.get(chain.size() - 1);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    private static void addCaExtensions(X509v3CertificateBuilder builder, String trustDomain, Integer pathLength)
            throws CertIOException {
        builder.addExtension(Extension.basicConstraints, true,
                pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, SpiffeId.trustDomainUri(trustDomain))));
    }

    private static X500Name caName(String trustDomain, String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, trustDomain)
                .addRDN(BCStyle.CN, commonName + " " + trustDomain)
                .build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot sign certificate", e);
        }
    }

    /** A positive random serial of at most 159 bits (RFC 5280: at most 20 octets). */
    private static BigInteger serial(SecureRandom random) {
        BigInteger serial = new BigInteger(159, random);
        return serial.signum() == 0 ? BigInteger.ONE : serial;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void checkPositive(Duration duration, String field) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(field + ": " + duration + " (expected: > 0)");
        }
    }
}
