package io.banyan.controlplane.revision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void changedLeavesAddedAndRemovedMembersAreOneLineEachWithTheirPath() throws Exception {
        JsonNode before = json("""
                {"routes":[{"name":"a","to":[{"service":"v1","weight":90},{"service":"v2","weight":10}]}],
                 "retries":{"numRetries":3},"timeout":"1s"}""");
        JsonNode after = json("""
                {"routes":[{"name":"a","to":[{"service":"v1","weight":75},{"service":"v2","weight":25}]},
                           {"name":"b"}],
                 "timeout":"1.0s","zone":true}""");
        assertThat(ConfigDiff.lines(before, after)).containsExactly(
                "~ routes[0].to[0].weight: 90 -> 75",
                "~ routes[0].to[1].weight: 10 -> 25",
                "+ routes[1]: {\"name\":\"b\"}",
                "- retries",
                "~ timeout: \"1s\" -> \"1.0s\"",
                "+ zone: true");
    }

    @Test
    void numbersCompareByValueAndEqualDocumentsHaveNoLines() throws Exception {
        assertThat(ConfigDiff.lines(json("{\"w\":1,\"l\":[1,2]}"), json("{\"w\":1.0,\"l\":[1,2]}"))).isEmpty();
        assertThat(ConfigDiff.lines(json("{\"l\":[1,2]}"), json("{\"l\":[1]}"))).containsExactly("- l[1]");
    }

    @Test
    void aCreatedOrDeletedObjectIsOneLineAndLongValuesAreCut() throws Exception {
        assertThat(ConfigDiff.lines(null, json("{\"mode\":\"allow-all\"}")))
                .containsExactly("+ {\"mode\":\"allow-all\"}");
        assertThat(ConfigDiff.lines(json("{\"mode\":\"allow-all\"}"), null))
                .containsExactly("- {\"mode\":\"allow-all\"}");
        assertThat(ConfigDiff.lines(null, null)).isEmpty();
        String longText = "x".repeat(500);
        assertThat(ConfigDiff.lines(json("{\"a\":1}"), json("{\"a\":\"" + longText + "\"}")))
                .singleElement().satisfies(line -> {
                    assertThat(line).startsWith("~ a: 1 -> \"xxx").endsWith("...");
                    assertThat(line.length()).isLessThan(ConfigDiff.MAX_VALUE + 20);
                });
    }

    @Test
    void atMostMaxLinesAreListedThenHowManyMore() throws Exception {
        StringBuilder after = new StringBuilder("{");
        for (int i = 0; i < ConfigDiff.MAX_LINES + 5; i++) {
            after.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        assertThat(ConfigDiff.lines(json("{}"), json(after.append("}").toString())))
                .hasSize(ConfigDiff.MAX_LINES + 1).last().isEqualTo("... 5 more");
    }
}
