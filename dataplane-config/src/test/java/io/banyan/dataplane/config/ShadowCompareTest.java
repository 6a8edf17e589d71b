package io.banyan.dataplane.config;

import io.banyan.dataplane.config.ShadowCompare.BodyMode;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShadowCompareTest {

    @Test
    void theDefaultsAreTheContractsStatusNoHeaderExactBodyUpTo64KiB() {
        assertThat(ShadowCompare.DEFAULT).isEqualTo(new ShadowCompare(true, List.of(), BodyMode.EXACT, List.of(), 65_536));
    }

    @Test
    void everyFieldIsCheckedWithWhatWasExpected() {
        assertThatThrownBy(() -> new ShadowCompare(true, List.of("Content-Type"), BodyMode.EXACT, List.of(), 10))
                .hasMessage("compare.headers[0]: 'Content-Type' (expected: a lower-case header name)");
        assertThatThrownBy(() -> new ShadowCompare(true, List.of("a b"), BodyMode.EXACT, List.of(), 10))
                .hasMessage("compare.headers[0]: 'a b' (expected: a lower-case header name)");
        assertThatThrownBy(() -> new ShadowCompare(true, List.of("etag", "etag"), BodyMode.EXACT, List.of(), 10))
                .hasMessage("compare.headers[1]: 'etag' named twice (expected: each header once)");
        assertThatThrownBy(() -> new ShadowCompare(true, List.of(), BodyMode.EXACT,
                List.of(JsonPathPattern.parse("$.a")), 10))
                .hasMessage("compare.ignore: [$.a] with body exact (expected: ignore only with body json)");
        assertThatThrownBy(() -> new ShadowCompare(true, List.of(), BodyMode.JSON, List.of(), 0))
                .hasMessage("compare.maxBodyBytes: 0 (expected: 1..1048576)");
        assertThatThrownBy(() -> new ShadowCompare(true, List.of(), BodyMode.JSON, List.of(), 1_048_577))
                .hasMessage("compare.maxBodyBytes: 1048577 (expected: 1..1048576)");
        assertThatThrownBy(() -> new ShadowCompare(true, Collections.nCopies(33, "x"), BodyMode.NONE, List.of(), 1))
                .hasMessage("compare.headers: 33 names (expected: at most 32)");
    }

    @Test
    void fromConfigurationsWordsTheBodyAndThePatternsAreReadWithTheFieldNamed() {
        assertThat(ShadowCompare.of(false, List.of("etag"), "json", List.of("$.a", "$.b[*]"), 10))
                .isEqualTo(new ShadowCompare(false, List.of("etag"), BodyMode.JSON,
                        List.of(JsonPathPattern.parse("$.a"), JsonPathPattern.parse("$.b[*]")), 10));
        assertThatThrownBy(() -> ShadowCompare.of(true, List.of(), "xml", List.of(), 10))
                .hasMessage("compare.body: 'xml' (expected: exact, json or none)");
        assertThatThrownBy(() -> ShadowCompare.of(true, List.of(), "json", List.of("$.a", "$.a[x]"), 10))
                .hasMessage("compare.ignore[1]: '$.a[x]' at 4: 'x' (expected: a digit, * or a quoted name)");
        assertThatThrownBy(() -> ShadowCompare.of(true, List.of(), "json", Collections.nCopies(33, "$"), 10))
                .hasMessage("compare.ignore: 33 patterns (expected: at most 32)");
    }

    @Test
    void itIgnoresWhatAnyPatternSelects() {
        ShadowCompare compare = new ShadowCompare(true, List.of(), BodyMode.JSON,
                List.of(JsonPathPattern.parse("$.timestamp"), JsonPathPattern.parse("$.items[*].updatedAt")), 100);

        assertThat(compare.ignores(List.of("timestamp"))).isTrue();
        assertThat(compare.ignores(List.of("items", "2", "updatedAt"))).isTrue();
        assertThat(compare.ignores(List.of("items", "2", "price"))).isFalse();
    }
}
