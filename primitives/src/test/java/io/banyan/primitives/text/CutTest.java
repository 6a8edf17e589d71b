package io.banyan.primitives.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CutTest {

    @Test
    void aShortValueIsKeptAndALongOneCutWithAMark() {
        assertThat(Cut.toLength("orders", 6)).isEqualTo("orders");
        assertThat(Cut.toLength("orders", 3)).isEqualTo("ord...");
        assertThat(Cut.toLength(null, 3)).isNull();
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String smile = "ab\uD83D\uDE00cd";
        assertThat(Cut.toLength(smile, 3)).isEqualTo("ab...");
        assertThat(Cut.toLength(smile, 4)).isEqualTo("ab\uD83D\uDE00...");
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> Cut.toLength("x", 0)).hasMessage("max: 0 (expected: >= 1)");
    }
}
