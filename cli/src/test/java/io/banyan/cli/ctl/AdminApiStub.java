package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.banyan.cli.Cli;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in of the control plane's admin API for ctl's tests, a JUnit extension: before each test it listens on
 * 127.0.0.1, port 0, records each request as {@code "METHOD path[?query] authorization body"} and answers what the
 * test's {@link Answers} say; {@link #ctl} runs a ctl command against it with captured output.
 */
final class AdminApiStub implements BeforeEachCallback, AfterEachCallback {

    private final Answers answers;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private HttpServer server;
    private boolean stopped;

    AdminApiStub(Answers answers) {
        this.answers = answers;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** The requests so far, in order. */
    List<String> requests() {
        return requests;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Runs {@code banyan ctl ARGS --admin-url <this stub>}; returns the exit code, the output in {@link #out}, {@link #err}. */
    int ctl(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "ctl";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--admin-url";
        all[args.length + 2] = url();
        return new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true)).run(all);
    }

    /** Stops listening (a test of an unreachable admin API calls it early). */
    void stop() {
        if (!stopped) {
            stopped = true;
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(method + " " + path + (query == null ? "" : "?" + query) + " " + (auth == null ? "" : auth) + " " + body);
        Answer answer = answers.answer(method, path, query);
        if (answer.body().isEmpty()) {
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.status() >= 400 ? "application/problem+json"
                : "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    /** What the stub answers to a request. */
    @FunctionalInterface
    interface Answers {
        Answer answer(String method, String path, String query) throws IOException;
    }

    /** A status and a JSON body (problem+json from 400 on; none when empty). */
    record Answer(int status, String body) {

        static Answer noContent() {
            return new Answer(204, "");
        }

        /** An RFC 9457 problem, {@code field} left out when {@code null}. */
        static Answer problem(int status, String title, String detail, String field) {
            ObjectNode problem = JsonNodeFactory.instance.objectNode().put("type", "about:blank").put("title", title)
                    .put("status", status).put("detail", detail);
            return new Answer(status, (field == null ? problem : problem.put("field", field)).toString());
        }
    }
}
