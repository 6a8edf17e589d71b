package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aListIsOneRowPerElementWithAlignedColumnsAndAHeader() throws Exception {
        assertThat(AnswerTable.lines(JSON.readTree("{\"services\": [{\"name\": \"orders\", \"selfPreservation\": false,"
                + " \"instances\": []}, {\"name\": \"a\", \"instances\": [{\"id\": \"i-1\"}]}]}"), 200)).containsExactly(
                "NAME    SELF PRESERVATION  INSTANCES",
                "orders  false              []",
                "a       -                  [{\"id\":\"i-1\"}]");
        assertThat(AnswerTable.lines(JSON.readTree("{\"tokens\": []}"), 200)).containsExactly("(none)");
    }

    @Test
    void anObjectIsOneRowPerMemberAndNothingItsStatus() throws Exception {
        assertThat(AnswerTable.lines(JSON.readTree("{\"service\": \"orders\", \"allow\": [\"web\"], \"n\": null}"), 200))
                .containsExactly("FIELD    VALUE", "service  orders", "allow    [\"web\"]", "n        -");
        assertThat(AnswerTable.lines(MissingNode.getInstance(), 204)).containsExactly("done (204)");
        assertThat(AnswerTable.cell("x".repeat(100))).hasSize(AnswerTable.MAX_CELL).endsWith("...");
    }

    @Test
    void sidecarsShowEachTypesAckAndNack() throws Exception {
        assertThat(SidecarsCommand.lines(JSON.readTree("[{\"nodeId\": \"web~1\", \"service\": \"web\", \"kind\": "
                + "\"sidecar\", \"protocol\": \"delta\", \"types\": {\"type.googleapis.com/envoy.config.cluster.v3.Cluster\": {\"ackedVersion\": "
                + "\"7\", \"lastNack\": null}, \"type.googleapis.com/envoy.config.listener.v3.Listener\": {\"ackedVersion\":"
                + " \"\", \"lastNack\": {\"version\": \"8\", \"message\": \"bad filter\"}}}}, {\"nodeId\": \"edge~1\", "
                + "\"service\": \"edge\", \"kind\": \"gateway\", \"protocol\": \"sotw\", \"types\": {}}]")))
                .containsExactly(
                "NODE    SERVICE  KIND     PROTOCOL  TYPE      ACKED  NACK",
                "web~1   web      sidecar  delta     Cluster   7      -",
                "web~1   web      sidecar  delta     Listener  -      8: bad filter",
                "edge~1  edge     gateway  sotw      -         -      -");
    }

    @Test
    void exitCodesByStatus() {
        assertThat(ExitCodes.of(400)).isEqualTo(1);
        assertThat(ExitCodes.of(403)).isEqualTo(1);
        assertThat(ExitCodes.of(404)).isEqualTo(3);
        assertThat(ExitCodes.of(409)).isEqualTo(4);
        assertThat(ExitCodes.of(412)).isEqualTo(4);
        assertThat(ExitCodes.of(503)).isEqualTo(5);
    }

    @Test
    void ifMatchIsQuotedWhenGivenBare() {
        assertThat(WriteOptions.quoted("12")).isEqualTo("\"12\"");
        assertThat(WriteOptions.quoted("\"12\"")).isEqualTo("\"12\"");
        assertThat(WriteOptions.quoted(null)).isNull();
        assertThat(WriteOptions.dryRun("/v1/revisions/3/revert?force=true", true))
                .isEqualTo("/v1/revisions/3/revert?force=true&dryRun=true");
    }
}
