package io.banyan.dataplane.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSONPath subset of ignored fields: what it reads, what it selects, and how it says what is wrong. */
class JsonPathPatternTest {

    @Test
    void aMemberSelectsThatMemberOnlyOneLevelDeep() {
        JsonPathPattern timestamp = JsonPathPattern.parse("$.timestamp");

        assertThat(timestamp.matches(List.of("timestamp"))).isTrue();
        assertThat(timestamp.matches(List.of("timestamps"))).isFalse();
        assertThat(timestamp.matches(List.of("order", "timestamp"))).isFalse();
        assertThat(timestamp.matches(List.of())).isFalse();
    }

    @Test
    void aWildcardSelectsAnyOneMemberOrElement() {
        JsonPathPattern updated = JsonPathPattern.parse("$.items[*].updatedAt");

        assertThat(updated.matches(List.of("items", "0", "updatedAt"))).isTrue();
        assertThat(updated.matches(List.of("items", "17", "updatedAt"))).isTrue();
        assertThat(updated.matches(List.of("items", "key", "updatedAt"))).isTrue();
        assertThat(updated.matches(List.of("items", "0", "price"))).isFalse();
        assertThat(updated.matches(List.of("items", "updatedAt"))).isFalse();
    }

    @Test
    void anIndexAndQuotedNamesSelectExactlyThatSegment() {
        assertThat(JsonPathPattern.parse("$.items[3]").matches(List.of("items", "3"))).isTrue();
        assertThat(JsonPathPattern.parse("$.items[3]").matches(List.of("items", "30"))).isFalse();
        assertThat(JsonPathPattern.parse("$['a.b']['x y']").matches(List.of("a.b", "x y"))).isTrue();
        assertThat(JsonPathPattern.parse("$[\"it's\"]").matches(List.of("it's"))).isTrue();
        assertThat(JsonPathPattern.parse("$['it\\'s']").matches(List.of("it's"))).isTrue();
        assertThat(JsonPathPattern.parse("$['back\\\\slash']").matches(List.of("back\\slash"))).isTrue();
    }

    @Test
    void theRootAloneIsTheWholeDocument() {
        JsonPathPattern root = JsonPathPattern.parse("$");

        assertThat(root.depth()).isZero();
        assertThat(root.matches(List.of())).isTrue();
        assertThat(root.matches(List.of("a"))).isFalse();
    }

    @Test
    void errorsNameThePositionAndWhatWasExpected() {
        assertThatThrownBy(() -> JsonPathPattern.parse("timestamp"))
                .hasMessage("'timestamp' at 0: 't' (expected: $)");
        assertThatThrownBy(() -> JsonPathPattern.parse("$.items[x]"))
                .hasMessage("'$.items[x]' at 8: 'x' (expected: a digit, * or a quoted name)");
        assertThatThrownBy(() -> JsonPathPattern.parse("$.items[3"))
                .hasMessage("'$.items[3' at 9: the end (expected: ])");
        assertThatThrownBy(() -> JsonPathPattern.parse("$."))
                .hasMessage("'$.' at 2: the end (expected: a member name (letters, digits, _ or -))");
        assertThatThrownBy(() -> JsonPathPattern.parse("$..a"))
                .hasMessage("'$..a' at 2: '.' (expected: a member name (letters, digits, _ or -))");
        assertThatThrownBy(() -> JsonPathPattern.parse("$['open"))
                .hasMessage("'$['open' at 7: the end (expected: a closing ')");
        assertThatThrownBy(() -> JsonPathPattern.parse("$[01]"))
                .hasMessage("'$[01]' at 2: '0' (expected: an index without leading zeros, below 1000000000)");
        assertThatThrownBy(() -> JsonPathPattern.parse("$ .a"))
                .hasMessage("'$ .a' at 1: ' ' (expected: '.' or '[')");
        assertThatThrownBy(() -> JsonPathPattern.parse(""))
                .hasMessage("'' (expected: a JSONPath starting with $)");
        assertThatThrownBy(() -> JsonPathPattern.parse("$." + "a".repeat(JsonPathPattern.MAX_LENGTH)))
                .hasMessageContaining("(expected: at most 256)");
    }

    @Test
    void aPatternIsItsTextAndEqualsTheSameText() {
        assertThat(JsonPathPattern.parse("$.a[*]")).hasToString("$.a[*]").isEqualTo(JsonPathPattern.parse("$.a[*]"));
    }
}
