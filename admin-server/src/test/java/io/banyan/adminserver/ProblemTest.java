package io.banyan.adminserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The one problem+json: RFC 9457 members plus {@code field}, absent ones left out, any text escaped. */
class ProblemTest {

    @Test
    void writesTheMembersInOrderLeavingOutAbsentOnes() {
        Problem problem = Problem.of(ApiException.badRequest("port", "port: 80.5 (expected: an integer)"), "/v1/x");

        assertThat(problem.toJson()).isEqualTo("{\"type\":\"urn:banyan:problem:invalid-request\",\"title\":\"Invalid "
                + "request\",\"status\":400,\"detail\":\"port: 80.5 (expected: an integer)\",\"instance\":\"/v1/x\","
                + "\"field\":\"port\"}");
        assertThat(Problem.of(ApiException.conflict("busy"), null).toJson()).doesNotContain("instance", "field");
    }

    @Test
    void escapesWhatJsonRequiresAndJacksonReadsItBack() throws Exception {
        String detail = "name: 'a\"b\\c\n\u0001é' (expected: a name)";
        AdminResponse response = Problem.of(ApiException.badRequest(null, detail), null).toResponse();

        JsonNode read = new ObjectMapper().readTree(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(read.get("detail").asText()).isEqualTo(detail);
        assertThat(read.get("status").asInt()).isEqualTo(400);
    }
}
