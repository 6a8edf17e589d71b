package io.banyan.cli.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.banyan.cli.Cli;

/** ctl against a stub admin API on a real socket: methods, paths, bodies, token, JSON out, problems to exit 1. */
class CtlIT {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    @Test
    void listsServicesWithTheBearerTokenAndPrintsJson() {
        int code = ctl("services", "list", "--admin-token", "t0k");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /v1/services Bearer t0k ");
        assertThat(out.toString()).contains("\"services\"", "\"orders\"");
    }

    @Test
    void tokenFromTheEnvironment() {
        int code = new Cli(Map.of("BANYAN_ADMIN_URL", url(), "BANYAN_ADMIN_TOKEN", "from-env"),
                new PrintWriter(out, true), new PrintWriter(err, true)).run("ctl", "tokens", "list");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /v1/tokens Bearer from-env ");
    }

    @Test
    void registersAnInstanceWithAJsonBody() {
        int code = ctl("instances", "register", "--service", "legacy", "--host", "10.1.2.3", "--port", "8080",
                "--zone", "a", "--ttl", "10", "--mesh", "false");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("POST /v1/services/legacy/instances  "
                + "{\"host\":\"10.1.2.3\",\"port\":8080,\"zone\":\"a\",\"ttlSeconds\":10,\"mesh\":false}");
        assertThat(out.toString()).contains("\"id\" : \"i-1\"");
    }

    @Test
    void heartbeatDeregisterCreateAndRevokeUseTheirMethods() {
        assertThat(ctl("instances", "heartbeat", "i-1")).isZero();
        assertThat(ctl("instances", "deregister", "i-1")).isZero();
        assertThat(ctl("tokens", "create", "--service", "orders")).isZero();
        assertThat(ctl("tokens", "revoke", "tk1")).isZero();

        assertThat(requests).containsExactly("PUT /v1/instances/i-1/heartbeat  ", "DELETE /v1/instances/i-1  ",
                "POST /v1/tokens  {\"service\":\"orders\"}", "DELETE /v1/tokens/tk1  ");
    }

    @Test
    void errorResponseExitsOneWithTheProblemDetail() {
        int code = ctl("services", "get", "nope");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(
                "banyan ctl services get: 404 Not Found: unknown service 'nope' (field: service)\n");
    }

    @Test
    void unreachableAdminApiExitsOne() {
        server.stop(0);
        int code = ctl("services", "list");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("banyan ctl services list: cannot reach the admin API at " + url());
    }

    private int ctl(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "ctl";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--admin-url";
        all[args.length + 2] = url();
        return new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true)).run(all);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        requests.add(method + " " + path + " " + (auth == null ? "" : auth) + " " + body);
        if (path.equals("/v1/services/nope")) {
            send(exchange, 404, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                    + "\"detail\":\"unknown service 'nope'\",\"field\":\"service\"}");
        } else if (method.equals("PUT") || method.equals("DELETE")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else if (path.equals("/v1/services/legacy/instances")) {
            send(exchange, 201, "application/json", "{\"id\":\"i-1\",\"host\":\"10.1.2.3\",\"port\":8080}");
        } else {
            send(exchange, 200, "application/json", "{\"services\":[{\"name\":\"orders\",\"instances\":[]}]}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }
}
