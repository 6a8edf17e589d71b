package io.banyan.controlplane.revision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IfMatchTest {

    @Test
    void absentAllowsEveryWriteStarOnlyAnExistingObjectAListOnlyItsTags() {
        assertThat(IfMatch.parse(null).allows(0)).isTrue();
        assertThat(IfMatch.parse(null).allows(7)).isTrue();
        assertThat(IfMatch.parse("*").allows(7)).isTrue();
        assertThat(IfMatch.parse("*").allows(0)).isFalse();
        IfMatch two = IfMatch.parse(" \"41\" , \"42\"");
        assertThat(two.revisions()).isEqualTo(List.of(41L, 42L));
        assertThat(two.allows(42)).isTrue();
        assertThat(two.allows(43)).isFalse();
        assertThat(IfMatch.parse("\"0\"").allows(0)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "42", "W/\"42\"", "\"4x\"", "\"\"", "\"42\",", "\"9999999999999999999\"",
            "\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\",\"14\",\"15\",\"16\","
            + "\"17\""})
    void malformedHeadersAreRefusedNamingTheHeader(String header) {
        assertThatThrownBy(() -> IfMatch.parse(header))
                .isInstanceOf(MalformedIfMatchException.class)
                .hasMessageStartingWith("If-Match: ")
                .hasMessageContaining("(expected: * or up to 16 strong ETags");
    }

    @Test
    void aStaleTagNamesTheCurrentETag() {
        assertThat(new StaleETagException(IfMatch.parse("\"41\""), 42).getMessage())
                .isEqualTo("If-Match: \"41\" (expected: the current ETag \"42\")");
    }
}
