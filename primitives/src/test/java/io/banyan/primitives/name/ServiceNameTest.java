package io.banyan.primitives.name;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "a", "0", "web-2", "a23456789012345678901234567890123456789012345678901234567890123"})
    void dnsLabelsAreServiceNames(String name) {
        assertThat(ServiceName.isValid(name)).isTrue();
        assertThat(ServiceName.check(name, "service")).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Orders", "-web", "web-", "a.b", "orders_1",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void otherNamesAreNot(String name) {
        assertThat(ServiceName.isValid(name)).isFalse();
        assertThatThrownBy(() -> ServiceName.check(name, "service")).hasMessage("service: '" + name
                + "' (expected: a DNS label: 1..63 lower-case letters, digits or '-', not starting or ending with '-')");
    }

    @Test
    void aMissingNameSaysSo() {
        assertThat(ServiceName.isValid(null)).isFalse();
        assertThatThrownBy(() -> ServiceName.check(null, "to")).hasMessage("to: missing (expected: a DNS label, e.g. 'orders')");
        assertThatThrownBy(() -> ServiceName.check("", "to")).hasMessage("to: missing (expected: a DNS label, e.g. 'orders')");
    }
}
