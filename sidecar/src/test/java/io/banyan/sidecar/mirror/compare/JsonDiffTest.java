package io.banyan.sidecar.mirror.compare;

import io.banyan.dataplane.config.JsonPathPattern;
import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.dataplane.config.ShadowCompare.BodyMode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The first difference of two JSON documents as a JSON pointer, in document order, with ignored paths. */
class JsonDiffTest {

    private final JsonBodyReader reader = new JsonBodyReader();

    @Test
    void equalDocumentsInAnotherMemberOrderAndSpacingDoNotDiffer() {
        assertThat(diff("{\"id\": 7, \"items\": [1, 2]}", "{\"items\":[1,2],\"id\":7}")).isNull();
    }

    @Test
    void theFirstDifferenceInTheLiveDocumentsOrderIsReported() {
        assertThat(diff("{\"id\":7,\"total\":10,\"items\":[{\"price\":1}]}",
                "{\"items\":[{\"price\":2}],\"total\":11,\"id\":7}")).isEqualTo("/total");
        assertThat(diff("{\"items\":[{\"sku\":\"a\",\"price\":1},{\"sku\":\"b\",\"price\":2}]}",
                "{\"items\":[{\"sku\":\"a\",\"price\":1},{\"sku\":\"b\",\"price\":3}]}")).isEqualTo("/items/1/price");
    }

    @Test
    void aMemberOnOneSideOnlyDiffersAtItsName() {
        assertThat(diff("{\"a\":1,\"b\":2}", "{\"a\":1}")).isEqualTo("/b");
        assertThat(diff("{\"a\":1}", "{\"a\":1,\"c\":null}")).isEqualTo("/c");
    }

    @Test
    void aLongerArrayDiffersAtTheFirstElementTheOtherLacks() {
        assertThat(diff("[1,2]", "[1,2,3]")).isEqualTo("/2");
        assertThat(diff("{\"items\":[1,2,3]}", "{\"items\":[1,2]}")).isEqualTo("/items/2");
    }

    @Test
    void numbersCompareByValueSoOneAndOnePointZeroAreEqual() {
        assertThat(diff("{\"n\":1}", "{\"n\":1.0}")).isNull();
        assertThat(diff("{\"n\":100}", "{\"n\":1e2}")).isNull();
        assertThat(diff("{\"n\":0.1}", "{\"n\":0.10000000000000001}")).isEqualTo("/n"); // exact decimals, no doubles
        assertThat(diff("{\"n\":1}", "{\"n\":\"1\"}")).isEqualTo("/n");
    }

    @Test
    void differentTypesAndScalarsDifferWhereTheyAre() {
        assertThat(diff("{\"a\":{\"b\":true}}", "{\"a\":{\"b\":false}}")).isEqualTo("/a/b");
        assertThat(diff("{\"a\":[]}", "{\"a\":{}}")).isEqualTo("/a");
        assertThat(diff("[1]", "{}")).isEqualTo("");
    }

    @Test
    void ignoredValuesAreSkippedWithAllTheyHoldPresentOrNot() {
        String live = "{\"timestamp\":1,\"items\":[{\"sku\":\"a\",\"updatedAt\":\"x\"}],\"meta\":{\"a\":1}}";
        String shadow = "{\"items\":[{\"sku\":\"a\",\"updatedAt\":\"y\"}],\"meta\":{\"b\":2},\"timestamp\":{\"s\":2}}";

        assertThat(diff(live, shadow, "$.timestamp", "$.items[*].updatedAt", "$.meta")).isNull();
        assertThat(diff(live, shadow, "$.timestamp", "$.items[*].updatedAt")).isEqualTo("/meta/a");
        assertThat(diff("{\"a\":1}", "{\"a\":1,\"extra\":2}", "$.extra")).isNull();
        assertThat(diff("{\"a\":1}", "{\"b\":2}", "$")).isNull();
    }

    @Test
    void pointersEscapeTildeAndSlash() {
        assertThat(diff("{\"a/b\":{\"m~n\":1}}", "{\"a/b\":{\"m~n\":2}}")).isEqualTo("/a~1b/m~0n");
    }

    private String diff(String live, String shadow, String... ignore) {
        ShadowCompare compare = new ShadowCompare(true, List.of(), BodyMode.JSON,
                Arrays.stream(ignore).map(JsonPathPattern::parse).toList(), 1024);
        return JsonDiff.firstDifference(read(live), read(shadow), compare);
    }

    private com.fasterxml.jackson.databind.JsonNode read(String json) {
        return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
