package io.banyan.sidecar.http1;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/../../etc/passwd        | /etc/passwd",
            "/a/b/c/./../../g         | /a/g",          // RFC 3986 section 5.4.1
            "/mid/content=5/../6      | /mid/6",
            "/a/b/..                  | /a/",
            "/a/b/.                   | /a/b/",
            "/a/..                    | /",
            "/..                      | /",
            "/.                       | /",
            "//                       | /",
            "//a///b//                | /a/b/",
            "/a/%2e%2e/b              | /b",
            "/a/%2E./b/%2e            | /b/",
            "/a/b/.%2E                | /a/",
            "/a/%2e/b                 | /a/b",
            "/a/.../b                 | /a/.../b",     // three dots are a name
            "/a/..b/.c                | /a/..b/.c",
            "/a/b%2F..%2F../c         | /a/b%2F..%2F../c", // an encoded slash is no separator
            "/a/..?q=/../x#f          | /?q=/../x#f",   // the query is the app's
            "http://orders/a/../b?q   | http://orders/b?q",
            "http://orders//x         | http://orders/x",
    })
    void normalisesDotSegmentsAndRunsOfSlashes(String target, String expected) {
        assertThat(RequestPaths.normalize(target)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a/b?c=d", "/a/b/", "*", "orders:443", "http://orders", "http://orders?x=/../"})
    void aTargetWithNothingToDoIsTheSameInstance(String target) {
        assertThat(RequestPaths.normalize(target)).isSameAs(target);
    }
}
