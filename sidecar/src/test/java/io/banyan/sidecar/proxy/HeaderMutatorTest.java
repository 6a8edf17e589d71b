package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.HeaderValue;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Removals first, then each addition by its action, as Envoy applies a route's header mutations. */
class HeaderMutatorTest {

    private static HttpHeaders headers() {
        return new DefaultHttpHeaders().add("x-a", "0").add("x-b", "0").add("x-c", "0").add("x-gone", "0");
    }

    @Test
    void removesThenAddsByAction() {
        HttpHeaders headers = headers();

        HeaderMutator.apply(new HeaderMutations(List.of("x-gone", "x-c"), List.of(
                HeaderValue.append("x-a", "1"),
                HeaderValue.overwrite("x-b", "1"),
                new HeaderValue("x-c", "1", HeaderValue.Action.ADD_IF_ABSENT),
                new HeaderValue("x-a", "2", HeaderValue.Action.ADD_IF_ABSENT),
                new HeaderValue("x-d", "1", HeaderValue.Action.OVERWRITE_IF_EXISTS),
                new HeaderValue("x-b", "2", HeaderValue.Action.OVERWRITE_IF_EXISTS))), headers);

        assertThat(headers.getAll("x-a")).containsExactly("0", "1");
        assertThat(headers.getAll("x-b")).containsExactly("2");
        assertThat(headers.getAll("x-c")).containsExactly("1"); // removed, then absent: added
        assertThat(headers.contains("x-d")).isFalse(); // overwrite-if-exists never adds
        assertThat(headers.contains("x-gone")).isFalse();
    }

    @Test
    void noMutationsLeaveTheHeadersAsTheyWere() {
        HttpHeaders headers = headers();

        HeaderMutator.apply(HeaderMutations.NONE, headers);

        assertThat(headers).isEqualTo(headers());
    }
}
