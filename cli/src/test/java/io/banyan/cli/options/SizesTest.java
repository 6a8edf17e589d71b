package io.banyan.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void parsesBytesAndBinaryUnits() {
        assertThat(Sizes.parse("16384")).isEqualTo(16_384);
        assertThat(Sizes.parse("512B")).isEqualTo(512);
        assertThat(Sizes.parse("60KiB")).isEqualTo(60 * 1024);
        assertThat(Sizes.parse("1mib")).isEqualTo(1024 * 1024);
        assertThat(Sizes.parse(" 1 GiB ")).isEqualTo(1 << 30);
    }

    @Test
    void rejectsOtherUnitsAndOverflow() {
        assertThatThrownBy(() -> Sizes.parse("1MB")).hasMessageContaining("(expected: " + Sizes.EXPECTED);
        assertThatThrownBy(() -> Sizes.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sizes.parse("2GiB")).isInstanceOf(IllegalArgumentException.class);
    }
}
