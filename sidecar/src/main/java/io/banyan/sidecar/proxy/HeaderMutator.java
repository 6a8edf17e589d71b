package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.HeaderValue;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/**
 * Applies a route's {@link HeaderMutations} to a request or response head in place, as Envoy does: removals first,
 * then each addition by its action. The config refused every header the mesh or the connection owns.
 */
final class HeaderMutator {

    private HeaderMutator() {
    }

    static void apply(HeaderMutations mutations, HttpHeaders headers) {
        if (mutations.isEmpty()) {
            return;
        }
        List<String> remove = mutations.remove();
        for (int i = 0, n = remove.size(); i < n; i++) {
            headers.remove(remove.get(i));
        }
        List<HeaderValue> add = mutations.add();
        for (int i = 0, n = add.size(); i < n; i++) {
            HeaderValue value = add.get(i);
            switch (value.action()) {
                case APPEND -> headers.add(value.name(), value.value());
                case ADD_IF_ABSENT -> {
                    if (!headers.contains(value.name())) {
                        headers.add(value.name(), value.value());
                    }
                }
                case OVERWRITE -> headers.set(value.name(), value.value());
                case OVERWRITE_IF_EXISTS -> {
                    if (headers.contains(value.name())) {
                        headers.set(value.name(), value.value());
                    }
                }
            }
        }
    }
}
