package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.cli.ctl.AdminApiStub.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ctl migrations} against a stand-in of the control plane's migrations API on a real socket, answering as
 * CONTRACT A of issue #12 says (the real API is built in parallel; the e2e over it comes with the merge): the request
 * each command sends, what it prints from the canned view, its exit codes, and problems as one line.
 */
class MigrationsCtlIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW = resource("migration-view.json");
    private static final String EVENTS = resource("migration-events.json");

    @TempDir
    Path dir;
    /** Answers to give, in order, per "METHOD path" (the last one is kept); else CONTRACT A's of {@link #answer}. */
    private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();
    @RegisterExtension
    final AdminApiStub stub = new AdminApiStub(this::answer);
    private final List<String> requests = stub.requests();
    private final StringWriter out = stub.out;
    private final StringWriter err = stub.err;

    @Test
    void createSendsTheYamlFileAsTheJsonBodyAndPrintsTheMigrationWithItsWarnings() throws IOException {
        Path file = Files.writeString(dir.resolve("orders-move.yaml"), """
                name: orders-move
                match: {path: {prefix: /orders}}
                from: monolith
                to: orders
                gateway: edge
                steps: [0, 1, 5, 25, 50, 100]
                advance: {every: 5m}
                shadow: {percent: 100}
                compare:
                  status: true
                  headers: [content-type]
                  body: json
                  ignore: [$.timestamp, "$.items[*].updatedAt"]
                  maxBodyBytes: 65536
                guard: {maxErrorRate: 0.01, maxErrorRateIncrease: 0.005, maxP99Ratio: 1.5, minRequests: 100, window: 1m}
                """);

        int code = ctl("migrations", "create", "-f", file.toString(), "--admin-token", "t0k");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("POST /v1/migrations Bearer t0k {\"name\":\"orders-move\","
                + "\"match\":{\"path\":{\"prefix\":\"/orders\"}},\"from\":\"monolith\",\"to\":\"orders\",\"gateway\":\"edge\","
                + "\"steps\":[0,1,5,25,50,100],\"advance\":{\"every\":\"5m\"},\"shadow\":{\"percent\":100},"
                + "\"compare\":{\"status\":true,\"headers\":[\"content-type\"],\"body\":\"json\","
                + "\"ignore\":[\"$.timestamp\",\"$.items[*].updatedAt\"],\"maxBodyBytes\":65536},"
                + "\"guard\":{\"maxErrorRate\":0.01,\"maxErrorRateIncrease\":0.005,\"maxP99Ratio\":1.5,\"minRequests\":100,"
                + "\"window\":\"1m\"}}");
        assertThat(out.toString()).startsWith("created:\norders-move: shifting, step 3/5, weight 25 %\n"
                + "  monolith -> orders, match {\"path\":{\"prefix\":\"/orders\"}}, in gateway edge's routes\n");
        assertThat(err.toString()).isEqualTo("warning: to: unknown service 'orders' (no instance registered yet)\n");
    }

    @Test
    void createDryRunOfAJsonFileOnlyValidates() throws IOException {
        Path file = Files.writeString(dir.resolve("m.json"), "{\"name\":\"orders-move\",\"from\":\"monolith\",\"to\":\"orders\"}");

        int code = ctl("migrations", "create", "--file", file.toString(), "--dry-run");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly(
                "POST /v1/migrations?dryRun=true  {\"name\":\"orders-move\",\"from\":\"monolith\",\"to\":\"orders\"}");
        assertThat(out.toString()).startsWith("valid, nothing stored (--dry-run):\norders-move: shifting");
    }

    @Test
    void aRejectedMigrationIsOneLineNamingTheField() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nfrom: a\nto: b\nguard: {maxErrorRate: 1.5}\n");
        script("POST /v1/migrations", Answer.problem(400, "Bad Request",
                "guard.maxErrorRate: 1.5 (expected: 0..1)", "guard.maxErrorRate"));

        int code = ctl("migrations", "create", "-f", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("banyan ctl migrations create: 400 Bad Request: guard.maxErrorRate: 1.5 "
                + "(expected: 0..1) (field: guard.maxErrorRate)\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aFileThatIsNoObjectOrNoFileIsAUsageErrorAndSendsNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("list.yaml"), "- name: orders-move\n");

        assertThat(ctl("migrations", "create", "-f", file.toString())).isEqualTo(2);
        assertThat(ctl("migrations", "create")).isEqualTo(2);
        assertThat(ctl("migrations", "get", "orders-move", "-o", "xml")).isEqualTo(2);

        assertThat(requests).isEmpty();
        assertThat(err.toString()).isEqualTo("banyan ctl migrations create: file: " + file + ": array at the top "
                + "(expected: a YAML or JSON object like {\"name\": ..., \"from\": ..., \"to\": ...})\n"
                + "banyan ctl migrations create: Missing required option: '--file=FILE' "
                + "(see 'banyan ctl migrations create --help')\n"
                + "banyan ctl migrations get: output: 'xml' (expected: table, json or yaml)\n");
    }

    @Test
    void listIsATableOfEveryMigration() {
        int code = ctl("migrations", "list", "--admin-token", "t0k");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /v1/migrations Bearer t0k ");
        assertThat(out.toString()).isEqualTo(
                "NAME         STATE     WEIGHT  STEP  FROM -> TO          TO ERRORS  P99 MS FROM/TO  DIFFERENT\n"
                + "orders-move  shifting  25 %    3/5   monolith -> orders  0.24 %     20.4/31.0       2\n");
    }

    @Test
    void getIsTheSummaryOrWithOutputJsonTheAnswerAsItCame() {
        assertThat(ctl("migrations", "get", "orders-move")).isZero();
        String summary = out.toString();
        out.getBuffer().setLength(0);
        assertThat(ctl("migrations", "get", "orders-move", "-o", "json")).isZero();

        assertThat(requests).containsExactly("GET /v1/migrations/orders-move  ", "GET /v1/migrations/orders-move  ");
        assertThat(summary).startsWith("orders-move: shifting, step 3/5, weight 25 %\n")
                .contains("  to orders      412       1       0.24 %      0            4.0     31.0\n")
                .contains("shadow: compared 90, equal 88, different 2, failed 1, dropped 0\n")
                .endsWith("  2026-12-07T09:59:30Z  r-2         GET     /orders/9  200   404  status  -\n");
        assertThat(out.toString()).startsWith("{\n").contains("\"state\" : \"shifting\"", "\"futureField\"");
    }

    @Test
    void eventsAreOneRowEachOldestFirst() {
        int code = ctl("migrations", "events", "orders-move");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /v1/migrations/orders-move/events  ");
        assertThat(out.toString()).startsWith("AT                    TYPE         BY        STEP    WEIGHT       REASON\n")
                .endsWith("2026-12-07T10:07:12Z  rolled-back  guard     3       25 % -> 0 %  guard: to error rate 0.052 > "
                        + "maxErrorRate 0.01 over 1m (412 requests) (toRequests=412, toErrorRate=0.052)\n");
    }

    @Test
    void eachActionPostsToItsPathWithoutABodyAndPrintsWhereTheMigrationNowStands() {
        for (String action : List.of("advance", "pause", "resume", "rollback", "complete")) {
            assertThat(ctl("migrations", action, "orders-move")).as(err.toString()).isZero();
        }

        assertThat(requests).containsExactly("POST /v1/migrations/orders-move/advance  ",
                "POST /v1/migrations/orders-move/pause  ", "POST /v1/migrations/orders-move/resume  ",
                "POST /v1/migrations/orders-move/rollback  ", "POST /v1/migrations/orders-move/complete  ");
        assertThat(out.toString()).isEqualTo("orders-move: shifting, step 4/5, weight 50 %\n"
                + "orders-move: paused, step 3/5, weight 25 %\n" + "orders-move: shifting, step 3/5, weight 25 %\n"
                + "orders-move: rolled-back, step 3/5, weight 0 %\n" + "orders-move: complete, step 5/5, weight 100 %\n");
    }

    @Test
    void anImpossibleMoveIsTheServersConflictInOneLine() {
        script("POST /v1/migrations/orders-move/advance", Answer.problem(409, "Conflict",
                "cannot advance a rolled-back migration (expected: resume)", null));

        int code = ctl("migrations", "advance", "orders-move");

        assertThat(code).isEqualTo(4);
        assertThat(err.toString()).isEqualTo("banyan ctl migrations advance: 409 Conflict: cannot advance a rolled-back "
                + "migration (expected: resume)\n");
    }

    @Test
    void deleteSaysWhatItDeletedAndALiveMigrationIsRefused() {
        assertThat(ctl("migrations", "delete", "orders-move")).isZero();
        assertThat(ctl("migrations", "delete", "orders-move", "-o", "json")).isZero();
        script("DELETE /v1/migrations/live", Answer.problem(409, "Conflict",
                "cannot delete a shifting migration (expected: complete or rolled-back; rollback or complete it first)",
                null));
        assertThat(ctl("migrations", "delete", "live")).isEqualTo(4);

        assertThat(requests).containsExactly("DELETE /v1/migrations/orders-move  ", "DELETE /v1/migrations/orders-move  ",
                "DELETE /v1/migrations/live  ");
        assertThat(out.toString()).isEqualTo("deleted orders-move\n{\n  \"status\" : 204\n}\n");
        assertThat(err.toString()).startsWith("banyan ctl migrations delete: 409 Conflict: cannot delete a shifting");
    }

    @Test
    void watchWithACountPrintsThatManyFramesOffATerminalAndExitsZero() {
        int code = ctl("migrations", "watch", "orders-move", "--interval", "100ms", "--count", "2");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /v1/migrations/orders-move  ", "GET /v1/migrations/orders-move  ");
        assertThat(out.toString()).doesNotContain("\u001b")
                .startsWith("watching orders-move every 100ms, refresh 1 of 2 (ends when complete or rolled back)\n"
                        + "orders-move: shifting, step 3/5, weight 25 %\n")
                .contains("\n\nwatching orders-move every 100ms, refresh 2 of 2")
                .contains("  from monolith  1200      3       0.25 %      2            3.1     20.4\n");
    }

    @Test
    void watchEndsWithExitOneWhenTheGuardRollsTheMigrationBack() {
        script("GET /v1/migrations/orders-move", new Answer(200, VIEW), Answer.problem(503,
                "Service Unavailable", "the store is closing", null), new Answer(200, state("rolled-back", 3, 0,
                "guard: to error rate 0.052 > maxErrorRate 0.01 over 1m (412 requests)")));

        int code = ctl("migrations", "watch", "orders-move", "--interval", "100ms");

        assertThat(code).isEqualTo(1);
        assertThat(requests).hasSize(3);
        assertThat(out.toString()).contains("! 503 Service Unavailable: the store is closing (the last answer below; "
                + "retrying)\n").contains("orders-move: rolled-back, step 3/5, weight 0 %\n");
        assertThat(err.toString()).isEqualTo("banyan ctl migrations watch: orders-move was rolled back: guard: to error "
                + "rate 0.052 > maxErrorRate 0.01 over 1m (412 requests)\n");
    }

    @Test
    void watchEndsWithExitZeroWhenTheMigrationCompletes() {
        script("GET /v1/migrations/orders-move", new Answer(200, state("shifting", 4, 50, null)),
                new Answer(200, state("complete", 5, 100, null)));

        int code = ctl("migrations", "watch", "orders-move", "--interval", "100ms", "--count", "10");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).hasSize(2);
        assertThat(out.toString()).contains("orders-move: complete, step 5/5, weight 100 %");
    }

    @Test
    void watchOfAnUnknownMigrationOrTooOftenFails() {
        assertThat(ctl("migrations", "watch", "nope")).isEqualTo(3);
        assertThat(ctl("migrations", "watch", "orders-move", "--interval", "10ms")).isEqualTo(2);

        assertThat(requests).containsExactly("GET /v1/migrations/nope  ");
        assertThat(err.toString()).isEqualTo("banyan ctl migrations watch: 404 Not Found: unknown migration 'nope' "
                + "(field: name)\n" + "banyan ctl migrations watch: interval: '10ms' (expected: at least 100ms)\n");
    }

    @Test
    void anUnreachableAdminApiExitsFive() {
        stub.stop();

        assertThat(ctl("migrations", "list")).isEqualTo(5);
        assertThat(ctl("migrations", "watch", "orders-move")).isEqualTo(5);

        assertThat(err.toString()).startsWith("banyan ctl migrations list: cannot reach the admin API at " + url())
                .contains("banyan ctl migrations watch: cannot reach the admin API at " + url());
    }

    @Test
    void anAnswerThatIsNoMigrationIsTheApisFailure() {
        script("GET /v1/migrations", new Answer(200, "{\"routes\":[]}"));

        assertThat(ctl("migrations", "list")).isEqualTo(5);
        assertThat(err.toString()).isEqualTo("banyan ctl migrations list: unexpected answer from the admin API: "
                + "not a list of migrations (expected: {\"migrations\": [...]})\n");
    }

    private int ctl(String... args) {
        return stub.ctl(args);
    }

    private String url() {
        return stub.url();
    }

    private void script(String request, Answer... answers) {
        scripted.put(request, new ArrayDeque<>(List.of(answers)));
    }

    private Answer answer(String method, String path, String query) throws IOException {
        Deque<Answer> answers = scripted.get(method + " " + path);
        return answers == null ? contract(method, path) : answers.size() > 1 ? answers.poll() : answers.peek();
    }

    /** CONTRACT A's answers to what the tests send unless scripted. */
    private static Answer contract(String method, String path) throws IOException {
        String name = path.startsWith("/v1/migrations/") ? path.substring("/v1/migrations/".length()).split("/")[0] : "";
        if (!name.isEmpty() && !name.equals("orders-move")) {
            return Answer.problem(404, "Not Found", "unknown migration '" + name + "'", "name");
        }
        String action = path.substring(path.lastIndexOf('/') + 1);
        return switch (method + " " + (path.equals("/v1/migrations") ? "" : action)) {
            case "POST " -> created();
            case "GET " -> new Answer(200, "{\"migrations\":[" + VIEW + "]}");
            case "GET events" -> new Answer(200, EVENTS);
            case "POST advance" -> new Answer(200, state("shifting", 4, 50, null));
            case "POST pause" -> new Answer(200, state("paused", 3, 25, "paused by an operator"));
            case "POST rollback" -> new Answer(200, state("rolled-back", 3, 0, "rolled back by an operator"));
            case "POST complete" -> new Answer(200, state("complete", 5, 100, null));
            case "DELETE orders-move" -> Answer.noContent();
            default -> new Answer(200, VIEW);
        };
    }

    private static Answer created() throws IOException {
        return new Answer(201, ((ObjectNode) JSON.readTree(VIEW)).set("warnings",
                JSON.createArrayNode().add("to: unknown service 'orders' (no instance registered yet)")).toString());
    }

    /** The canned view at another state, step and weight. */
    private static String state(String state, int step, int weight, String reason) {
        try {
            ObjectNode view = (ObjectNode) JSON.readTree(VIEW);
            view.put("state", state).put("step", step).put("weight", weight);
            if (reason != null) {
                view.put("reason", reason);
            }
            return view.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = MigrationsCtlIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
