package io.banyan.adminserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparing a route table with an OpenAPI description: each side's extra routes are named, open ones too. */
class ApiDescriptionTest {

    private static final String OPEN_API = """
            {"paths": {
              "/healthz": {"get": {"security": []}, "head": {"security": []}},
              "/v1/services/{service}": {"parameters": [], "get": {}, "delete": {}},
              "/v1/tokens": {"post": {}}
            }}""";

    @Test
    void readsMethodsAndTemplatesLeavingOutParametersAndTheHeadOfAGet() throws Exception {
        JsonNode description = new ObjectMapper().readTree(OPEN_API);

        assertThat(ApiDescription.routes(description)).extracting(RouteTable.Route::toString)
                .containsExactly("GET /healthz", "GET /v1/services/{service}", "DELETE /v1/services/{service}",
                        "POST /v1/tokens");
    }

    @Test
    void namesWhatEachSideLacks() throws Exception {
        RouteTable code = new RouteTable()
                .addOpen("GET", "/healthz", request -> AdminResponse.noContent())
                .add("GET", "/v1/services/{service}", request -> AdminResponse.noContent())
                .add("DELETE", "/v1/services/{service}", request -> AdminResponse.noContent())
                .add("GET", "/v1/sidecars", request -> AdminResponse.noContent());

        List<String> differences = ApiDescription.differences(code.routes(),
                ApiDescription.routes(new ObjectMapper().readTree(OPEN_API)));

        assertThat(differences).containsExactly("in the code, not in the description: GET /v1/sidecars",
                "in the description, not in the code: POST /v1/tokens");
    }

    @Test
    void anOpenRouteDescribedWithATokenIsADifference() throws Exception {
        RouteTable code = new RouteTable().add("GET", "/healthz", request -> AdminResponse.noContent());
        JsonNode description = new ObjectMapper().readTree("{\"paths\": {\"/healthz\": {\"get\": {\"security\": []}}}}");

        assertThat(ApiDescription.differences(code.routes(), ApiDescription.routes(description))).containsExactly(
                "in the code, not in the description: GET /healthz",
                "in the description, not in the code: GET /healthz (open: no token)");
    }
}
