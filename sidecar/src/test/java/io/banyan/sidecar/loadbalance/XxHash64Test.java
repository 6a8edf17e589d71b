package io.banyan.sidecar.loadbalance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XxHash64Test {

    @Test
    void matchesTheReferenceVectors() {
        assertThat(XxHash64.hash("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(XxHash64.hash("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(XxHash64.hash("abc")).isEqualTo(0x44BC2CF5AD770999L);
    }

    @Test
    void longInputsAndSeedsChangeTheHash() {
        String longText = "The quick brown fox jumps over the lazy dog, and again, and again.";
        assertThat(XxHash64.hash(longText)).isEqualTo(XxHash64.hash(longText, 0))
                .isNotEqualTo(XxHash64.hash(longText, 1))
                .isNotEqualTo(XxHash64.hash(longText.substring(1)));
    }
}
