package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.support.AdminClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/migrations} on a real control plane over HTTP: create (and its dry run), read, list, events, every
 * action with the refused ones as 409 problems, delete, the 400s naming the field, the 409 of an operator route on a
 * live migration's match, and a restart on the same data directory resuming at the same step.
 */
class MigrationsResourceIT {

    private static final String TOKEN = "migrations-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS_MOVE = """
            {"name": "orders-move", "match": {"path": {"prefix": "/orders"}}, "from": "monolith", "to": "orders",
             "steps": [0, 25, 100], "shadow": {"percent": 100},
             "compare": {"body": "json", "ignore": ["$.timestamp"]},
             "guard": {"maxErrorRate": 0.01, "minRequests": 50, "window": "30s"}}""";

    @TempDir
    Path dataDir;

    private ControlPlane controlPlane;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        controlPlane = startControlPlane();
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    private ControlPlane startControlPlane() throws Exception {
        return ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0)
                .xdsPort(0).adminToken(TOKEN).build());
    }

    private JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    @Test
    void createReadListActAndDeleteAMigration() throws Exception {
        JsonNode created = ok(admin.send("POST", "/v1/migrations", ORDERS_MOVE), 201);
        assertThat(created.get("name").asText()).isEqualTo("orders-move");
        assertThat(created.get("state").asText()).isEqualTo("shadowing");
        assertThat(created.get("step").asInt()).isZero();
        assertThat(created.get("weight").asInt()).isZero();
        assertThat(created.get("advance").asText()).isEqualTo("manual");
        assertThat(created.at("/guard/window").asText()).isEqualTo("30s");
        assertThat(created.at("/compare/maxBodyBytes").asInt()).isEqualTo(65536);
        assertThat(created.at("/stats/window").asText()).isEqualTo("30s");
        assertThat(created.at("/stats/to/requests").asLong()).isZero();
        assertThat(created.at("/stats/shadow/compared").asLong()).isZero();
        assertThat(created.get("warnings")).extracting(JsonNode::asText).anySatisfy(warning ->
                assertThat(warning).startsWith("from: service 'monolith' is not registered"));

        assertThat(ok(admin.get("/v1/migrations/orders-move"), 200).get("createdAt").asText()).endsWith("Z");
        assertThat(ok(admin.get("/v1/migrations"), 200).get("migrations")).singleElement()
                .satisfies(view -> assertThat(view.get("name").asText()).isEqualTo("orders-move"));

        JsonNode advanced = ok(admin.send("POST", "/v1/migrations/orders-move/advance", null), 200);
        assertThat(advanced.get("state").asText()).isEqualTo("shifting");
        assertThat(advanced.get("weight").asInt()).isEqualTo(25);
        assertThat(ok(admin.send("POST", "/v1/migrations/orders-move/pause", null), 200).get("reason").asText())
                .isEqualTo("paused by operator");
        JsonNode refused = ok(admin.send("POST", "/v1/migrations/orders-move/advance", null), 409);
        assertThat(refused.get("detail").asText())
                .isEqualTo("cannot advance a paused migration (expected: resume, rollback, complete)");
        assertThat(ok(admin.send("DELETE", "/v1/migrations/orders-move", null), 409).get("detail").asText())
                .startsWith("cannot delete a paused migration");
        assertThat(ok(admin.send("POST", "/v1/migrations/orders-move/rollback", null), 200).get("weight").asInt())
                .isZero();
        assertThat(ok(admin.send("POST", "/v1/migrations/orders-move/advance", null), 409).get("detail").asText())
                .isEqualTo("cannot advance a rolled-back migration (expected: resume)");
        assertThat(ok(admin.send("POST", "/v1/migrations/orders-move/resume", null), 200).get("state").asText())
                .isEqualTo("shadowing");
        JsonNode complete = ok(admin.send("POST", "/v1/migrations/orders-move/complete", null), 200);
        assertThat(complete.get("state").asText()).isEqualTo("complete");
        assertThat(complete.get("weight").asInt()).isEqualTo(100);
        assertThat(ok(admin.get("/v1/services/monolith/routes"), 200).at("/routes/0/name").asText())
                .isEqualTo("orders-move");

        JsonNode events = ok(admin.get("/v1/migrations/orders-move/events"), 200).get("events");
        assertThat(events).extracting(event -> event.get("type").asText()).containsExactly("created", "advanced",
                "paused", "rolled-back", "resumed", "completed");
        assertThat(events.get(1).get("by").asText()).isEqualTo("operator");
        assertThat(events.get(1).get("toWeight").asInt()).isEqualTo(25);

        assertThat(admin.send("DELETE", "/v1/migrations/orders-move", null).statusCode()).isEqualTo(204);
        assertThat(ok(admin.get("/v1/migrations/orders-move"), 404).get("field").asText()).isEqualTo("name");
        assertThat(admin.send("DELETE", "/v1/migrations/orders-move", null).statusCode()).isEqualTo(404);
        assertThat(admin.send("POST", "/v1/migrations/orders-move/pause", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badBodiesAre400sNamingTheFieldAndADryRunStoresNothing() throws Exception {
        JsonNode unknown = ok(admin.send("POST", "/v1/migrations", "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\","
                + " \"guard\": {\"maxErrorRat\": 0.1}}"), 400);
        assertThat(unknown.get("field").asText()).isEqualTo("guard.maxErrorRat");
        JsonNode bad = ok(admin.send("POST", "/v1/migrations", "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\","
                + " \"steps\": [0, 50]}"), 400);
        assertThat(bad.get("field").asText()).isEqualTo("steps[1]");
        assertThat(bad.get("detail").asText()).isEqualTo("steps[1]: 50 (expected: the last step 100)");

        JsonNode dryRun = ok(admin.send("POST", "/v1/migrations?dryRun=true", ORDERS_MOVE), 200);
        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("state").asText()).isEqualTo("shadowing");
        assertThat(admin.get("/v1/migrations/orders-move").statusCode()).isEqualTo(404);
    }

    /** What a migration's view says of its stored state, and its events. */
    private String stored(JsonNode view) throws Exception {
        return view.path("state").asText() + " " + view.path("step").asInt() + " " + view.path("weight").asInt() + " "
                + view.path("updatedAt").asText() + " " + admin.get("/v1/migrations/orders-move/events").body();
    }

    @Test
    void aDryRunActionOrDeleteAnswersWhatItWouldDoAndChangesNothing() throws Exception {
        ok(admin.send("POST", "/v1/migrations", ORDERS_MOVE), 201);
        String before = stored(ok(admin.get("/v1/migrations/orders-move"), 200));

        JsonNode rolledBack = ok(admin.send("POST", "/v1/migrations/orders-move/rollback?dryRun=true", null), 200);
        assertThat(rolledBack.path("dryRun").asBoolean()).isTrue();
        assertThat(rolledBack.path("state").asText()).isEqualTo("rolled-back");
        JsonNode advanced = ok(admin.send("POST", "/v1/migrations/orders-move/advance?dryRun=true", null), 200);
        assertThat(advanced.path("step").asInt()).isEqualTo(1);
        assertThat(ok(admin.send("POST", "/v1/migrations/orders-move/resume?dryRun=true", null), 409)
                .path("detail").asText()).startsWith("cannot resume a shadowing migration");
        assertThat(ok(admin.send("DELETE", "/v1/migrations/orders-move?dryRun=true", null), 409)
                .path("detail").asText()).startsWith("cannot delete a shadowing migration");

        JsonNode now = ok(admin.get("/v1/migrations/orders-move"), 200);
        assertThat(now.path("state").asText()).isEqualTo("shadowing");
        assertThat(now.path("step").asInt()).isZero();
        assertThat(stored(now)).as("nothing stored").isEqualTo(before);

        ok(admin.send("POST", "/v1/migrations/orders-move/rollback", null), 200);
        assertThat(ok(admin.send("DELETE", "/v1/migrations/orders-move?dryRun=true", null), 200)
                .path("dryRun").asBoolean()).isTrue();
        assertThat(admin.get("/v1/migrations/orders-move").statusCode()).as("still there").isEqualTo(200);
        assertThat(admin.send("DELETE", "/v1/migrations/nobody?dryRun=true", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aTakenNameATakenMatchAndAnOperatorRouteOnALiveMatchAre409s() throws Exception {
        ok(admin.send("POST", "/v1/migrations", ORDERS_MOVE), 201);

        assertThat(ok(admin.send("POST", "/v1/migrations", ORDERS_MOVE), 409).get("detail").asText())
                .startsWith("migration 'orders-move' exists");
        assertThat(ok(admin.send("POST", "/v1/migrations", ORDERS_MOVE.replace("\"orders-move\"", "\"again\"")),
                409).get("detail").asText()).startsWith("migration 'orders-move' owns the same match");

        String routes = """
                {"routes": [{"name": "keep", "match": {"path": {"prefix": "/keep"}}, "to": [{"service": "keep"}]},
                            {"name": "orders", "match": {"path": {"prefix": "/orders"}}, "to": [{"service": "x"}]}]}""";
        for (String query : new String[] {"", "?dryRun=true"}) {
            assertThat(ok(admin.put("/v1/services/monolith/routes" + query, routes), 409).get("detail").asText())
                    .isEqualTo("routes[1] 'orders': match owned by migration 'orders-move' (expected: change it"
                            + " through /v1/migrations/orders-move)");
        }
        ok(admin.put("/v1/gateways/edge/routes", routes), 200);
    }

    @Test
    void aRestartResumesAtTheSameStep() throws Exception {
        ok(admin.send("POST", "/v1/migrations", ORDERS_MOVE), 201);
        ok(admin.send("POST", "/v1/migrations/orders-move/advance", null), 200);

        controlPlane.close();
        controlPlane = startControlPlane();
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);

        JsonNode view = ok(admin.get("/v1/migrations/orders-move"), 200);
        assertThat(view.get("state").asText()).isEqualTo("shifting");
        assertThat(view.get("step").asInt()).isEqualTo(1);
        assertThat(view.get("weight").asInt()).isEqualTo(25);
    }
}
