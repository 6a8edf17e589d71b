package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.banyan.api.xds.ApiKeyHash;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.TestCertificates;
import io.banyan.sidecar.GatewaySettings;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.tls.CertificateFiles;
import io.banyan.testkit.tls.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-user policy at the gateway, end to end: an operator writes {@code auth}, {@code rateLimit}, {@code cors} and
 * {@code maxRequestBytes} on the routes of gateway {@code edge} ({@code PUT /v1/gateways/edge/routes}); the control
 * plane publishes them (RDS per route, the filters on the gateway's listener); the gateway, terminating TLS, refuses
 * or lets through each request of HTTP/1.1 and HTTP/2 clients before an app behind its sidecar, which shows what it
 * was sent.
 */
class EdgeAuthIT {

    private static final String ISSUER = "https://id.example.com";
    private static final String KEY_A = "partner-a-secret-0123456789";
    private static final String KEY_B = "partner-b-secret-9876543210";
    private static final String ORIGIN = "https://shop.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);
    @TempDir
    Path dir;

    private HttpServer app;
    private HttpClient client;
    private int port;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop(0);
        }
    }

    @Test
    void apiKeysJwtsRateLimitsCorsAndBodyLimitsAreEnforcedAtTheGateway() throws Exception {
        app = headerEcho();
        sidecars.forApp("shop", app.getAddress().getPort(), Duration.ofSeconds(10));
        RSAKey signing = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(signing.toPublicJWK()).toString());
        TestCa ca = new TestCa();
        CertificateFiles certificate = new CertificateFiles(dir.resolve("edge.crt"), dir.resolve("edge.key"));
        ca.issueServer("localhost").writeTo(certificate.certificate(), certificate.key());
        Sidecar edge = sidecars.gateway("edge", new GatewaySettings("127.0.0.1", 0, List.of(certificate),
                GatewaySettings.DEFAULT_CERTIFICATE_RELOAD));
        port = edge.outboundPort();
        client = HttpClient.newBuilder().sslContext(trusting(ca)).build();

        HttpResponse<String> put = controlPlane.admin().send("PUT", "/v1/gateways/edge/routes", JSON.readTree("""
                {"routes": [
                  {"name": "keyed", "match": {"path": {"prefix": "/keyed"}}, "to": [{"service": "shop"}],
                   "auth": {"apiKey": {"keys": [{"name": "partner-a", "key": "%s"}, {"name": "partner-b", "key": "%s"}]}},
                   "rateLimit": {"key": "apiKey", "requestsPerSecond": 0.001, "burst": 2}},
                  {"name": "signed", "match": {"path": {"prefix": "/signed"}}, "to": [{"service": "shop"}],
                   "auth": {"jwt": {"issuer": "%s", "audiences": ["shop"], "jwksFile": "%s",
                                    "claimsToHeaders": {"sub": "x-user-id"}}}},
                  {"name": "browser", "match": {"path": {"prefix": "/browser"}}, "to": [{"service": "shop"}],
                   "cors": {"allowOrigins": ["%s"], "allowMethods": ["GET", "POST"]},
                   "maxRequestBytes": 16}
                ]}
                """.formatted(KEY_A, KEY_B, ISSUER, jwks, ORIGIN)));
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);

        // until the gateway has the routes: 404 no_route before, 401 without credentials after
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(send(request("/keyed/1")).statusCode()).isEqualTo(401));
        HttpResponse<String> anonymous = send(request("/keyed/1"));
        assertThat(anonymous.headers().firstValue("www-authenticate")).isPresent();
        assertThat(anonymous.headers().firstValue("x-banyan-error")).contains("unauthenticated");

        HttpResponse<String> keyed = send(request("/keyed/1").header("x-api-key", KEY_A));
        assertThat(keyed.statusCode()).as(keyed.body()).isEqualTo(200);
        assertThat(keyed.body()).contains("key-name=partner-a;").contains("x-api-key=null;");
        assertThat(send(request("/keyed/2").header("x-api-key", KEY_A)).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = send(request("/keyed/3").header("x-api-key", KEY_A));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-banyan-error")).contains("rate_limited");
        HttpResponse<String> otherClientOverH2 = client.send(HttpRequest.newBuilder(uri("/keyed/4"))
                .version(HttpClient.Version.HTTP_2).timeout(Duration.ofSeconds(30))
                .header("x-api-key", KEY_B).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(otherClientOverH2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(otherClientOverH2.statusCode()).as(otherClientOverH2.body()).isEqualTo(200);
        assertThat(otherClientOverH2.body()).contains("key-name=partner-b;");

        Instant now = Instant.now();
        HttpResponse<String> signed = send(request("/signed/1").header("x-user-id", "mallory")
                .header("authorization", "Bearer " + token(signing, now.plusSeconds(300))));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(signed.body()).contains("x-user-id=alice;").contains("authorization=null;");
        HttpResponse<String> expired = send(request("/signed/1")
                .header("authorization", "Bearer " + token(signing, now.minusSeconds(3600))));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("www-authenticate")).isPresent();
        assertThat(expired.headers().firstValue("x-banyan-error")).contains("unauthenticated");

        HttpResponse<String> preflight = send(request("/browser/cart")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("origin", ORIGIN).header("access-control-request-method", "POST"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains(ORIGIN);
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValueSatisfying(methods ->
                assertThat(methods).contains("POST"));
        HttpResponse<String> small = send(request("/browser/cart").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        HttpResponse<String> large = send(request("/browser/cart")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000))));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.headers().firstValue("x-banyan-error")).contains("payload_too_large");

        HttpResponse<String> shown = controlPlane.admin().send("GET", "/v1/gateways/edge/routes", null);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).doesNotContain(KEY_A).doesNotContain(KEY_B)
                .contains("partner-a").contains(ApiKeyHash.hex(KEY_A));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(30)); // a bound on a hang, not a timing assertion
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(RSAKey key, Instant expiry) throws JOSEException {
        Instant issued = expiry.minusSeconds(600);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience("shop")
                        .issueTime(Date.from(issued)).expirationTime(Date.from(expiry)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** An app that answers 200 with the request headers the edge policy adds or removes. */
    private static HttpServer headerEcho() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                var headers = exchange.getRequestHeaders();
                byte[] body = ("key-name=" + headers.getFirst("x-api-key-name") + ";x-api-key="
                        + headers.getFirst("x-api-key") + ";x-user-id=" + headers.getFirst("x-user-id")
                        + ";authorization=" + headers.getFirst("authorization") + ";")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    private static SSLContext trusting(TestCa ca) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, TestCertificates.trusting(ca).getTrustManagers(), null);
        return context;
    }
}
