package io.banyan.dataplane.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Envoy's uri_template as far as Banyan supports it: parsed once, matched segment by segment. */
class PathTemplateTest {

    private static boolean matches(String template, String path) {
        return PathTemplate.parse(template, "t").matches(path, path.length());
    }

    @Test
    void literalsStarsAndARestMatchAsInEnvoy() {
        assertThat(matches("/", "/")).isTrue();
        assertThat(matches("/", "/a")).isFalse();
        assertThat(matches("/orders/", "/orders/")).isTrue();
        assertThat(matches("/orders/", "/orders")).isFalse();
        assertThat(matches("/*", "/a")).isTrue();
        assertThat(matches("/*", "/")).isFalse();
        assertThat(matches("/*/*", "/a/b")).isTrue();
        assertThat(matches("/**", "/")).isTrue();
        assertThat(matches("/**", "/a/b/c")).isTrue();
        assertThat(matches("/v1/*/x/**", "/v1/a/x/b/c")).isTrue();
        assertThat(matches("/v1/*/x/**", "/v1/a/y/b")).isFalse();
        assertThat(matches("/a%20b", "/a%20b")).isTrue();
        assertThat(PathTemplate.parse("/a/*", "t").matches("/a/b?q=1", 4)).isTrue();
        assertThat(PathTemplate.parse("/a/*", "t").matches("", 0)).isFalse();
    }

    @Test
    void refusesWhatItCannotMatchNamingTheField() {
        assertThatThrownBy(() -> PathTemplate.parse("orders/*", "match.template"))
                .hasMessage("match.template: 'orders/*' (expected: starts with '/')");
        assertThatThrownBy(() -> PathTemplate.parse("/a//b", "t")).hasMessage("t: '/a//b' (expected: no empty segment ('//'))");
        assertThatThrownBy(() -> PathTemplate.parse("/**/a", "t"))
                .hasMessage("t: '/**/a' (expected: '**' only as the last segment)");
        assertThatThrownBy(() -> PathTemplate.parse("/a*", "t")).hasMessageContaining("'*' is not allowed in a literal");
    }

    @Test
    void equalWhenTheirTextIs() {
        assertThat(PathTemplate.parse("/a/*", "t")).isEqualTo(PathTemplate.parse("/a/*", "u"))
                .hasSameHashCodeAs(PathTemplate.parse("/a/*", "u")).hasToString("/a/*");
    }
}
