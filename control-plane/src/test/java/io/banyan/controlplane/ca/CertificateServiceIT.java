package io.banyan.controlplane.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.api.ca.CertificateMethods;
import io.banyan.api.ca.JoinTokenText;
import io.banyan.api.ca.SignRequest;
import io.banyan.api.ca.SignResponse;
import io.banyan.api.registration.Ack;
import io.banyan.api.registration.InstanceRef;
import io.banyan.api.registration.RegisterRequest;
import io.banyan.api.registration.RegisterResponse;
import io.banyan.api.registration.RegistrationMethods;
import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.CertificateInfo;
import io.banyan.certs.Csr;
import io.banyan.certs.EcKeys;
import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.store.StoreFiles;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A whole control plane on 127.0.0.1 (port 0): sidecar-style clients obtain and renew workload certificates
 * over the TLS gRPC port, trusting the control plane only through the join token's CA fingerprint.
 */
class CertificateServiceIT {

    private static final String ADMIN = "it-admin-token";
    private static final String TD = "mesh.local";
    private static final Duration CERT_TTL = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static ControlPlane controlPlane;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1")
                .adminPort(0).xdsPort(0).trustDomain(TD).adminToken(ADMIN).certTtl(CERT_TTL).build());
    }

    @AfterAll
    static void stop() {
        controlPlane.close();
    }

    @AfterEach
    void closeChannels() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSidecarWithOnlyAJoinTokenGetsAValidCertificateForItsService() throws Exception {
        JsonNode issued = issueToken("orders");
        String token = issued.get("token").asText();
        JoinTokenText text = JoinTokenText.parse(token);
        assertThat(text.caFingerprint()).contains(controlPlane.caFingerprint());
        assertThat(issued.get("caFingerprint").asText()).isEqualTo(controlPlane.caFingerprint());
        double issuedBefore = metric("banyan_ca_certificates_issued_total");

        KeyPair keys = EcKeys.generate();
        Instant now = Instant.now();
        SignResponse response = sign(pinned(text.caFingerprint().orElseThrow()), csr(keys, "orders"), token);

        List<X509Certificate> chain = Pem.readCertificates(response.certificateChainPem());
        List<X509Certificate> bundle = Pem.readCertificates(response.trustBundlePem());
        assertThat(bundle).extracting(Fingerprint::sha256Hex).containsExactly(controlPlane.caFingerprint());
        validateWithJdkPkix(chain, bundle);
        X509Certificate leaf = chain.get(0);
        CertificateInfo info = CertificateInfo.of(leaf);
        assertThat(info.sans()).containsExactly("URI:spiffe://mesh.local/svc/orders");
        assertThat(info.extendedKeyUsages()).containsExactlyInAnyOrder("serverAuth", "clientAuth");
        assertThat(info.ca()).isFalse();
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(Instant.parse(response.notAfter())).isEqualTo(leaf.getNotAfter().toInstant())
                .isBetween(now.plus(CERT_TTL).minusSeconds(5), now.plus(CERT_TTL).plusSeconds(30));
        assertThat(metric("banyan_ca_certificates_issued_total")).isEqualTo(issuedBefore + 1);
        assertThat(scrape()).contains("banyan_ca_certificate_expiry_seconds{cert=\"root\"}",
                "banyan_ca_certificate_expiry_seconds{cert=\"serving\"}");
    }

    @Test
    void aTokenForOrdersCannotObtainACertificateForPayments() throws Exception {
        String token = issueToken("orders").get("token").asText();
        assertStatus(() -> sign(pinned(), csr(EcKeys.generate(), "payments"), token), Status.Code.PERMISSION_DENIED,
                "token for orders cannot obtain a certificate for payments");
        assertThat(scrape()).contains("banyan_ca_requests_refused_total{reason=\"wrong_service\"}");
        String impostor = issueToken(ServingCertificate.SERVICE).get("token").asText();
        assertStatus(() -> sign(pinned(), csr(EcKeys.generate(), ServingCertificate.SERVICE), impostor),
                Status.Code.PERMISSION_DENIED, "reserved for the control plane");
    }

    @Test
    void refusesCallersWithoutProofAndMalformedRequests() throws Exception {
        String token = issueToken("orders").get("token").asText();
        assertStatus(() -> sign(pinned(), csr(EcKeys.generate(), "orders"), null), Status.Code.UNAUTHENTICATED,
                "authorization: missing");
        assertStatus(() -> sign(pinned(), "not a csr", token), Status.Code.INVALID_ARGUMENT, "csrPem");
        assertStatus(() -> sign(pinned(), null, token), Status.Code.INVALID_ARGUMENT, "csrPem: missing");
        String revoked = issueToken("orders").get("token").asText();
        assertThat(admin("DELETE", "/v1/tokens/" + revoked.substring(0, revoked.indexOf('.')), null, ADMIN).statusCode())
                .isEqualTo(204);
        assertStatus(() -> sign(pinned(), csr(EcKeys.generate(), "orders"), revoked), Status.Code.UNAUTHENTICATED, "revoked");
        String otherCa = token.substring(0, token.lastIndexOf('.') + 1) + "ab".repeat(32);
        assertStatus(() -> sign(pinned(), csr(EcKeys.generate(), "orders"), otherCa), Status.Code.UNAUTHENTICATED,
                "pins CA");
    }

    @Test
    void whileTheStoreCannotWriteAJoinTokenStillObtainsACertificate() throws Exception {
        String token = issueToken("orders").get("token").asText();
        Path blocker = StoreFiles.blockVersionMark(dataDir);
        try {
            admin("POST", "/v1/tokens", "{\"service\":\"orders\"}", ADMIN); // commits, then the store is unavailable
            assertThat(admin("GET", "/readyz", null, null).statusCode()).isEqualTo(503);

            // tokens are read from the last open file: signing needs no write
            assertThat(sign(pinned(), csr(EcKeys.generate(), "orders"), token).certificateChainPem()).isNotEmpty();
            assertThat(admin("POST", "/v1/tokens", "{\"service\":\"orders\"}", ADMIN).statusCode()).isEqualTo(503);
        } finally {
            Files.delete(blocker);
            await().atMost(Duration.ofSeconds(20)).until(() -> admin("GET", "/readyz", null, null).statusCode() == 200);
        }
        assertThat(sign(pinned(), csr(EcKeys.generate(), "orders"), token).certificateChainPem()).isNotEmpty();
    }

    @Test
    void aClientPinningAnotherCaCannotConnect() {
        assertStatus(() -> sign(pinned("cd".repeat(32)), csr(EcKeys.generate(), "orders"), "x"),
                Status.Code.UNAVAILABLE, "");
    }

    @Test
    void renewsWithTheCurrentCertificateAndNoTokenAndHeartbeatsWithIt() throws Exception {
        String token = issueToken("orders").get("token").asText();
        KeyPair first = EcKeys.generate();
        SignResponse issued = sign(pinned(), csr(first, "orders"), token);
        RegisterRequest registration =
                new RegisterRequest("orders", "127.0.0.1", 15006, null, null, 0, 10, null, Map.of());
        assertStatus(() -> call(pinned(), RegistrationMethods.REGISTER, registration, token),
                Status.Code.UNAUTHENTICATED, "client certificate: missing");

        ChannelCredentials withCertificate = TestTls.withCertificate(TD, controlPlane.caFingerprint(),
                Pem.readCertificates(issued.certificateChainPem()), first.getPrivate());
        RegisterResponse registered = call(withCertificate, RegistrationMethods.REGISTER, registration, null);
        KeyPair second = EcKeys.generate();
        SignResponse renewed = sign(withCertificate, csr(second, "orders"), null);
        X509Certificate leaf = Pem.readCertificate(renewed.certificateChainPem());
        assertThat(leaf.getPublicKey()).isEqualTo(second.getPublic());
        assertThat(CertificateInfo.of(leaf).uris()).containsExactly("spiffe://mesh.local/svc/orders");
        assertStatus(() -> sign(withCertificate, csr(EcKeys.generate(), "payments"), null), Status.Code.PERMISSION_DENIED,
                "certificate for orders cannot obtain a certificate for payments");

        assertThat(call(withCertificate, RegistrationMethods.HEARTBEAT, new InstanceRef(registered.id()), null))
                .isEqualTo(new Ack());
        assertThat(call(withCertificate, RegistrationMethods.DEREGISTER, new InstanceRef(registered.id()), null))
                .isEqualTo(new Ack());
    }

    @Test
    void refusesAForeignOrExpiredClientCertificate() throws Exception {
        double issuedBefore = metric("banyan_ca_certificates_issued_total");
        CertificateAuthority foreign = CertificateAuthority.createRoot(TD, Duration.ofDays(1), Clock.systemUTC());
        KeyPair keys = EcKeys.generate();
        X509Certificate foreignLeaf = foreign.issue(keys.getPublic(), new SpiffeId(TD, "orders"));
        assertRefused(TestTls.withCertificate(TD, controlPlane.caFingerprint(), List.of(foreignLeaf), keys.getPrivate()));

        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        CertificateAuthority ours = CaFiles.load(dataDir.resolve(LoadedCa.DEFAULT_SUBDIRECTORY), twoHoursAgo);
        X509Certificate expired = ours.issue(keys.getPublic(), new SpiffeId(TD, "orders"), Duration.ofMinutes(1), Usage.BOTH);
        assertThat(expired.getNotAfter().toInstant()).isBefore(Instant.now());
        assertRefused(TestTls.withCertificate(TD, controlPlane.caFingerprint(), List.of(expired), keys.getPrivate()));
        assertThat(metric("banyan_ca_certificates_issued_total")).isEqualTo(issuedBefore);
    }

    @Test
    void adminApiServesTheTrustBundleToTheAdminOnly() throws Exception {
        assertThat(admin("GET", "/v1/trust-bundle", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/v1/trust-bundle", null, "wrong").statusCode()).isEqualTo(403);
        assertThat(admin("POST", "/v1/tokens", "{\"service\":\"orders\"}", null).statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/v1/tokens", "{\"service\":\"orders\"}", "wrong").statusCode()).isEqualTo(403);
        HttpResponse<String> response = admin("GET", "/v1/trust-bundle", null, ADMIN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("trustDomain").asText()).isEqualTo(TD);
        assertThat(body.get("fingerprints")).hasSize(1);
        assertThat(body.get("fingerprints").get(0).asText()).isEqualTo(controlPlane.caFingerprint());
        X509Certificate root = Pem.readCertificate(body.get("roots").get(0).asText());
        assertThat(Fingerprint.sha256Hex(root)).isEqualTo(controlPlane.caFingerprint());
    }

    @Test
    void createsTheCaOnFirstStartAndLoadsTheSameOneOnRestart(@TempDir Path otherDir) throws Exception {
        ControlPlaneSettings settings = ControlPlaneSettings.builder(otherDir).bindAddress("127.0.0.1")
                .adminPort(0).xdsPort(0).trustDomain(TD).adminToken(ADMIN).build();
        String first;
        try (ControlPlane started = ControlPlane.start(settings)) {
            first = started.caFingerprint();
        }
        Path key = otherDir.resolve(LoadedCa.DEFAULT_SUBDIRECTORY).resolve(CaFiles.KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (ControlPlane restarted = ControlPlane.start(settings)) {
            assertThat(restarted.caFingerprint()).isEqualTo(first).isNotEqualTo(controlPlane.caFingerprint());
        }
    }

    private void assertRefused(ChannelCredentials credentials) {
        assertThatThrownBy(() -> sign(credentials, csr(EcKeys.generate(), "orders"), null))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED));
    }

    private static void validateWithJdkPkix(List<X509Certificate> chain, List<X509Certificate> roots) throws Exception {
        PKIXParameters parameters = new PKIXParameters(roots.stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toSet()));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }

    private ChannelCredentials pinned() {
        return pinned(controlPlane.caFingerprint());
    }

    private static ChannelCredentials pinned(String fingerprint) {
        return TestTls.pinning(TD, fingerprint);
    }

    private static String csr(KeyPair keys, String service) {
        return Pem.writeCsr(Csr.create(keys, new SpiffeId(TD, service)));
    }

    private SignResponse sign(ChannelCredentials credentials, String csrPem, String token) {
        return call(credentials, CertificateMethods.SIGN, new SignRequest(csrPem), token);
    }

    private <Q, R> R call(ChannelCredentials credentials, MethodDescriptor<Q, R> method, Q request, String token) {
        ManagedChannel channel = TestTls.channel(controlPlane.xdsPort(), credentials);
        channels.add(channel);
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        Channel intercepted = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        return ClientCalls.blockingUnaryCall(intercepted, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }

    private static void assertStatus(Runnable call, Status.Code code, String descriptionPart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            if (!descriptionPart.isEmpty()) {
                assertThat(e.getStatus().getDescription()).contains(descriptionPart);
            }
        });
    }

    private static JsonNode issueToken(String service) throws Exception {
        HttpResponse<String> response = admin("POST", "/v1/tokens", "{\"service\":\"" + service + "\"}", ADMIN);
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static double metric(String name) throws Exception {
        return scrape().lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = admin("GET", "/metrics", null, ADMIN);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> admin(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPlane.adminPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
