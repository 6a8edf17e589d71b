package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.CertificateFiles;
import io.banyan.sidecar.tls.EdgeTls;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.testkit.tls.ServerCredential;
import io.banyan.testkit.tls.TestCa;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edge gateway's listener on loopback terminating TLS for clients outside the mesh: the certificate chosen by SNI
 * among two pairs of files, ALPN h2 and http/1.1, only TLS 1.2/1.3 with modern ciphers, and the files re-read when
 * they change (a broken replacement keeps the certificate that served). No routes: every request is 404 no_route.
 */
class EdgeTlsIT {

    private static final String SHOP = "shop.example.com";
    private static final String API = "*.api.example.com";

    @RegisterExtension
    final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    @TempDir
    Path dir;

    private static TestCa ca;
    private static TrustManagerFactory trust;
    private CertificateFiles shopFiles;
    private EdgeTls edgeTls;
    private int port;

    @BeforeAll
    static void trustTheTestCa() throws Exception {
        ca = new TestCa();
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        roots.setCertificateEntry("root", ca.root().root());
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
    }

    @BeforeEach
    void startTheEdge() throws Exception {
        shopFiles = write("shop", ca.issueServer(SHOP));
        CertificateFiles apiFiles = write("api", ca.issueServer(API));
        edgeTls = EdgeTls.load(List.of(shopFiles, apiFiles), new SslContexts(SslContexts.defaultProvider()),
                dataPlanes.registry());
        MeshConfig noRoutes = new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "gw")),
                Map.of("gw", new RouteConfig("gw", List.of(new VirtualHost("*", List.of("*"), List.of())))),
                Map.of(), Map.of(), Map.of());
        dataPlanes.start(builder -> builder.edge(edgeTls), noRoutes);
        port = dataPlanes.outboundPort();
    }

    @Test
    void theClientsSniNameChoosesTheCertificate_exactThenWildcard_elseTheFirstPair() throws Exception {
        assertThat(dnsNames(handshake(SHOP, "http/1.1", true))).containsExactly(SHOP);
        assertThat(dnsNames(handshake("v2.api.example.com", "http/1.1", true))).containsExactly(API);
        assertThat(dnsNames(handshake("other.example.org", "http/1.1", false))).containsExactly(SHOP);
        assertThat(dnsNames(handshake(null, "http/1.1", false))).containsExactly(SHOP);
    }

    @Test
    void http11ByAlpn_isServed_andNoRouteIs404() throws Exception {
        try (SSLSocket socket = handshake(SHOP, "http/1.1", true)) {
            assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            socket.getOutputStream().write(("GET /anything HTTP/1.1\r\nHost: " + SHOP + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            List<String> head = ResponseHeads.read(socket);
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(head).contains("x-banyan-error: no_route");
        }
    }

    @Test
    void h2ByAlpn_isServed_andNoRouteIs404() throws Exception {
        SSLSocket socket = handshake(SHOP, "h2", true);
        assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
        try (RawH2Client client = new RawH2Client(socket)) {
            Http2Headers request = new DefaultHttp2Headers(false).method("GET").scheme("https").authority(SHOP)
                    .path("/anything");
            client.handshake().headers(1, request, true).flush();

            Http2Headers response = client.decode(client.readUntil(RawH2Client.HEADERS, 1));

            assertThat(response.status()).hasToString("404");
            assertThat(response.get("x-banyan-error")).hasToString("no_route");
        }
    }

    @Test
    void onlyTls12And13WithModernCiphersAreOffered() {
        SSLEngine engine = edgeTls.map(SHOP).newEngine(ByteBufAllocator.DEFAULT);

        assertThat(engine.getEnabledProtocols()).contains("TLSv1.2", "TLSv1.3") // OpenSSL also lists SSLv2Hello,
                .doesNotContain("TLSv1", "TLSv1.1", "SSLv3");                    // a hello format, no protocol
        assertThat(engine.getEnabledCipherSuites()).isNotEmpty().allSatisfy(cipher -> {
            assertThat(cipher).doesNotContain("CBC").doesNotContain("RC4").doesNotContain("3DES");
            assertThat(cipher).matches("TLS_(AES|CHACHA20).*|TLS_ECDHE_.*|TLS_DHE_.*");
        });
    }

    @Test
    void aClientOfferingOnlyTls11IsRefused_theSameClientWithTls12IsServed() throws Exception {
        Assumptions.assumeTrue(OpenSsl.isAvailable(), "an OpenSSL client can still offer TLS 1.1");

        assertThat(nettyHandshake("TLSv1.1")).isNotNull(); // the failure
        assertThat(nettyHandshake("TLSv1.2")).isNull();
    }

    /** A handshake by a Netty (OpenSSL) client offering only {@code protocol}; null when it succeeded. */
    private Throwable nettyHandshake(String protocol) throws Exception {
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols(protocol)
                .trustManager(trust).build();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Channel channel = new Bootstrap().group(dataPlanes.loops().group())
                .channel(dataPlanes.loops().socketChannelType())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler tls = client.newHandler(ch.alloc(), SHOP, port);
                        tls.handshakeFuture().addListener(done -> outcome.complete(done.cause()));
                        ch.pipeline().addLast(tls);
                    }
                })
                .connect(InetAddress.getLoopbackAddress(), port).sync().channel();
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } finally {
            channel.close().sync();
        }
    }

    @Test
    void changedFilesAreReRead_andTheNextHandshakePresentsTheNewCertificate() throws Exception {
        X509Certificate before = leaf(handshake(SHOP, "http/1.1", true));
        ServerCredential renewed = ca.issueServer(SHOP, "www.example.com");
        replace(shopFiles, renewed);

        assertThat(edgeTls.reloadIfChanged()).isEqualTo(1);

        X509Certificate after = leaf(handshake(SHOP, "http/1.1", true));
        assertThat(after).isEqualTo(renewed.leaf()).isNotEqualTo(before);
        assertThat(dnsNames(handshake("www.example.com", "http/1.1", true))).contains("www.example.com");
        assertThat(reloads("success")).isEqualTo(1.0);
    }

    @Test
    void aBrokenReplacementKeepsTheCertificateThatServed_untilAGoodOneArrives() throws Exception {
        X509Certificate before = leaf(handshake(SHOP, "http/1.1", true));
        Files.writeString(shopFiles.key(), "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
        touch(shopFiles);

        assertThat(edgeTls.reloadIfChanged()).isZero();
        assertThat(edgeTls.reloadIfChanged()).isZero(); // the same broken files are not re-read (nor re-counted)

        assertThat(leaf(handshake(SHOP, "http/1.1", true))).isEqualTo(before);
        assertThat(reloads("failure")).isEqualTo(1.0);

        ServerCredential fixed = ca.issueServer(SHOP);
        replace(shopFiles, fixed);
        assertThat(edgeTls.reloadIfChanged()).isEqualTo(1);
        assertThat(leaf(handshake(SHOP, "http/1.1", true))).isEqualTo(fixed.leaf());
    }

    private CertificateFiles write(String name, ServerCredential credential) {
        CertificateFiles files = new CertificateFiles(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        credential.writeTo(files.certificate(), files.key());
        return files;
    }

    /** New content, and a modification time surely later than the one read (file systems keep coarse times). */
    private static void replace(CertificateFiles files, ServerCredential credential) throws Exception {
        credential.writeTo(files.certificate(), files.key());
        touch(files);
    }

    private static void touch(CertificateFiles files) throws Exception {
        FileTime later = FileTime.fromMillis(Files.getLastModifiedTime(files.certificate()).toMillis() + 10_000);
        Files.setLastModifiedTime(files.certificate(), later);
        Files.setLastModifiedTime(files.key(), later);
    }

    private double reloads(String result) {
        var counter = dataPlanes.registry().find(MetricNames.EDGE_CERTIFICATE_RELOADS).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A client context of its own for each connection: no session is resumed with another name's certificate. */
    private SSLSocket connect() throws Exception {
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** A finished handshake sending {@code sni} (null: none), offering {@code alpn}, verifying the name if asked. */
    private SSLSocket handshake(String sni, String alpn, boolean verifyName) throws Exception {
        SSLSocket socket = connect();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        parameters.setApplicationProtocols(new String[] {alpn});
        if (verifyName) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static X509Certificate leaf(SSLSocket socket) throws Exception {
        try (socket) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static List<String> dnsNames(SSLSocket socket) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> name : leaf(socket).getSubjectAlternativeNames()) {
            if (Integer.valueOf(2).equals(name.get(0))) {
                names.add((String) name.get(1));
            }
        }
        return names;
    }
}
