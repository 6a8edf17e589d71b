package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.banyan.cli.Cli;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ctl apply}, {@code ctl diff} and the ctl conventions (exit codes, {@code -o}, {@code --if-match}) against a
 * real control plane on 127.0.0.1: docs/examples/ctl-apply applied (created), again (unchanged), a live change shown
 * by diff and undone by apply, a change between apply's GET and PUT refused with exit 4.
 */
class ApplyCtlIT {

    private static final String TOKEN = "apply-admin-token";
    private static final Path EXAMPLES = Path.of("..", "docs", "examples", "ctl-apply");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path files;

    private ControlPlane controlPlane;
    private AdminClient admin;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0)
                .xdsPort(0).adminToken(TOKEN).build());
        admin = new AdminClient(URI.create(url()), TOKEN, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    @Test
    void appliesTheExampleDirectoryThenFindsEverythingUnchanged() {
        int first = ctl("apply", "-f", EXAMPLES.toString());

        assertThat(first).as(err.toString()).isZero();
        assertThat(lines()).containsExactly(
                "Service/orders created", "Service/monolith created", "Service/web created",
                "Policy/orders configured", "Authorization/orders configured", "AuthorizationDefault/* unchanged",
                "Routes/monolith created", "GatewayRoutes/edge created");

        int second = ctl("apply", "-f", EXAMPLES.toString());

        assertThat(second).as(err.toString()).isZero();
        assertThat(lines()).hasSize(8).allMatch(line -> line.endsWith(" unchanged"));
        assertThat(ctl("diff", "-f", EXAMPLES.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void diffShowsALiveChangeAndApplyUndoesIt() throws Exception {
        assertThat(ctl("apply", "-f", EXAMPLES.toString())).as(err.toString()).isZero();
        AdminAnswer changed = admin.send("PUT", "/v1/services/orders/policy",
                JSON.readTree("{\"timeouts\": {\"connect\": \"1s\", \"request\": \"5s\"}}"), null);
        assertThat(changed.ok()).as(changed.body()).isTrue();
        lines();

        int diff = ctl("diff", "-f", EXAMPLES.toString());

        assertThat(diff).as(err.toString()).isEqualTo(1);
        assertThat(lines()).contains("--- live Policy/orders " + changed.etag(),
                "  ~ timeouts.request: \"5s\" -> \"3s\"").noneMatch(line -> line.contains("Service/"));

        assertThat(ctl("apply", "-f", EXAMPLES.toString())).as(err.toString()).isZero();
        assertThat(lines()).contains("Policy/orders configured").filteredOn(line -> !line.startsWith("Policy/"))
                .allMatch(line -> line.endsWith(" unchanged"));
        assertThat(ctl("diff", "-f", EXAMPLES.toString())).isZero();
        assertThat(admin.get("/v1/services/orders/policy").json().path("timeouts").path("request").asText())
                .isEqualTo("3s");
    }

    @Test
    void aDryRunAppliesNothing() throws Exception {
        assertThat(ctl("apply", "-f", EXAMPLES.resolve("services.yaml").toString())).as(err.toString()).isZero();
        lines();
        long revisions = admin.get("/v1/revisions").json().path("revisions").size();

        int code = ctl("apply", "-f", EXAMPLES.resolve("routes.yaml").toString(), "--dry-run");

        assertThat(code).as(err.toString()).isZero();
        assertThat(lines()).containsExactly("Routes/monolith created (dry run)", "GatewayRoutes/edge created (dry run)");
        assertThat(admin.get("/v1/revisions").json().path("revisions")).hasSize((int) revisions);
        assertThat(ctl("diff", "-f", EXAMPLES.resolve("routes.yaml").toString())).isEqualTo(1);
    }

    @Test
    void aChangeBetweenApplysReadAndItsWriteIsExitFourAndNotOverwritten() throws Exception {
        assertThat(ctl("apply", "-f", EXAMPLES.toString())).as(err.toString()).isZero();
        Files.writeString(files.resolve("policy.yaml"), """
                kind: Policy
                name: orders
                spec:
                  timeouts: {connect: 1s, request: 7s}
                """);
        lines();
        AtomicBoolean interfered = new AtomicBoolean();
        HttpServer proxy = proxy(exchange -> {
            if (exchange.getRequestMethod().equals("PUT") && interfered.compareAndSet(false, true)) {
                AdminAnswer other = admin.send("PUT", "/v1/services/orders/policy",
                        JSON.readTree("{\"timeouts\": {\"request\": \"9s\"}}"), null);
                assertThat(other.ok()).as(other.body()).isTrue();
            }
        });
        try {
            int code = run("ctl", "apply", "-f", files.toString(), "--admin-url",
                    "http://127.0.0.1:" + proxy.getAddress().getPort(), "--admin-token", TOKEN);

            assertThat(code).isEqualTo(4);
            assertThat(lines()).singleElement().asString().startsWith("Policy/orders refused: 412 ");
        } finally {
            proxy.stop(0);
        }
        assertThat(admin.get("/v1/services/orders/policy").json().path("timeouts").path("request").asText())
                .isEqualTo("9s");
    }

    @Test
    void ifMatchOfASetIsHonouredAndTheEtagShown() throws Exception {
        assertThat(ctl("apply", "-f", EXAMPLES.toString())).as(err.toString()).isZero();
        Path policy = Files.writeString(files.resolve("p.json"), "{\"timeouts\": {\"request\": \"4s\"}}");
        lines();
        assertThat(ctl("policy", "get", "orders")).isZero();
        assertThat(lines()).first().asString().startsWith("FIELD");
        String etag = err.toString().lines().filter(line -> line.startsWith("etag: ")).findFirst().orElseThrow()
                .substring("etag: ".length());
        err.getBuffer().setLength(0);

        assertThat(ctl("policy", "set", "orders", "-f", policy.toString(), "--if-match", "1")).isEqualTo(4);
        assertThat(err.toString()).contains("412");
        assertThat(ctl("policy", "set", "orders", "-f", policy.toString(), "--if-match", etag, "-o", "json"))
                .as(err.toString()).isZero();
        assertThat(JSON.readTree(out.toString()).path("timeouts").path("request").asText()).isEqualTo("4s");
    }

    @Test
    void yamlOutputParsesBackToTheJsonAnswer() throws Exception {
        assertThat(ctl("apply", "-f", EXAMPLES.toString())).as(err.toString()).isZero();
        lines();

        assertThat(ctl("policy", "get", "orders", "-o", "json")).isZero();
        JsonNode json = JSON.readTree(out.toString());
        lines();
        assertThat(ctl("policy", "get", "orders", "-o", "yaml")).isZero();
        JsonNode yaml = new YAMLMapper().readTree(out.toString());

        assertThat(yaml).isEqualTo(json);
        assertThat(json.path("timeouts").path("request").asText()).isEqualTo("3s");
    }

    @Test
    void tablesOfRevisionsAndServices() {
        assertThat(ctl("apply", "-f", EXAMPLES.toString())).as(err.toString()).isZero();
        lines();

        assertThat(ctl("revisions", "list", "--kind", "policy")).as(err.toString()).isZero();
        List<String> revisions = lines();
        assertThat(revisions.get(0)).startsWith("REVISION  AT").contains("AUTHOR", "KIND", "OBJECT", "ACTION", "DIFF");
        assertThat(revisions).hasSize(2);
        assertThat(revisions.get(1)).contains("admin", "policy", "orders", "create", "+ {");

        assertThat(ctl("services", "list")).as(err.toString()).isZero();
        assertThat(lines()).first().asString().startsWith("NAME");
        assertThat(ctl("sidecars", "list")).as(err.toString()).isZero();
        assertThat(lines()).containsExactly("(none)");
    }

    @Test
    void unknownObjectIsExitThreeAndAnUnreachableControlPlaneExitFive() throws IOException {
        assertThat(ctl("revisions", "get", "999")).isEqualTo(3);
        assertThat(ctl("migrations", "get", "nope")).isEqualTo(3);
        assertThat(run("ctl", "diff", "-f", EXAMPLES.toString(), "--admin-url", url(), "--admin-token", "wrong"))
                .as("an error of diff is above 1").isEqualTo(2);
        assertThat(run("ctl", "services", "list", "--admin-url", url(), "--admin-token", "wrong")).isEqualTo(1);
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        assertThat(run("ctl", "services", "list", "--admin-url", "http://127.0.0.1:" + closed)).isEqualTo(5);
        assertThat(run("ctl", "apply", "-f", EXAMPLES.toString(), "--admin-url", "http://127.0.0.1:" + closed))
                .isEqualTo(5);
        assertThat(err.toString()).contains("cannot reach the admin API at http://127.0.0.1:" + closed);
    }

    private int ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("ctl"));
        all.addAll(List.of(args));
        all.addAll(List.of("--admin-url", url(), "--admin-token", TOKEN));
        return run(all.toArray(String[]::new));
    }

    private int run(String... args) {
        return new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
    }

    /** The output so far, as lines; then forgotten. */
    private List<String> lines() {
        List<String> lines = out.toString().lines().toList();
        out.getBuffer().setLength(0);
        return lines;
    }

    private String url() {
        return "http://127.0.0.1:" + controlPlane.adminPort();
    }

    /** A forwarding proxy to the control plane's admin API that runs {@code before} ahead of each request. */
    private HttpServer proxy(Interference before) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            try {
                before.run(exchange);
                forward(http, exchange);
            } catch (Exception e) {
                exchange.sendResponseHeaders(599, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    private void forward(HttpClient http, HttpExchange exchange) throws Exception {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Authorization", "If-Match", "Content-Type")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().firstValue("ETag").ifPresent(etag -> exchange.getResponseHeaders().set("ETag", etag));
        response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
        exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(response.body());
        }
    }

    /** What the proxy does before forwarding a request. */
    @FunctionalInterface
    private interface Interference {
        void run(HttpExchange exchange) throws Exception;
    }
}
