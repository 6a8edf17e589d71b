package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers a route or a virtual host removes from, then adds to, a request or a response (xDS
 * {@code *_headers_to_remove}, {@code *_headers_to_add}), in order. Names are lower-case. What the mesh or the
 * connection owns is never touched, as in Envoy and stricter: pseudo-headers ({@code :path}…), {@code host}, the
 * hop-by-hop and framing headers, {@code x-forwarded-client-cert} and every {@code x-banyan-*} header.
 */
public record HeaderMutations(List<String> remove, List<HeaderValue> add) {

    public static final HeaderMutations NONE = new HeaderMutations(List.of(), List.of());

    private static final Set<String> RESERVED = Set.of("host", "connection", "keep-alive", "proxy-connection", "te",
            "upgrade", "transfer-encoding", "content-length", "x-forwarded-client-cert");
    private static final String MESH_PREFIX = "x-banyan-";

    public HeaderMutations {
        remove = List.copyOf(Checks.nonNull(remove, "headerMutations.remove"));
        for (String name : remove) {
            checkMutable(name, "headers_to_remove");
        }
        add = List.copyOf(Checks.nonNull(add, "headerMutations.add"));
    }

    /** Throws unless {@code name} is a lower-case header name a route may set or remove; the message names field. */
    public static void checkMutable(String name, String field) {
        Checks.nonEmpty(name, field);
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(field + ": '" + name + "' (expected: lower case)");
        }
        if (name.startsWith(":") || RESERVED.contains(name) || name.startsWith(MESH_PREFIX)) {
            throw new IllegalArgumentException(field + ": '" + name + "' (expected: a header the mesh does not own;"
                    + " pseudo-headers, host, hop-by-hop and framing headers, x-forwarded-client-cert and x-banyan-*"
                    + " cannot be set or removed)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"(),/;<=>?@[\\]{}".indexOf(c) >= 0) {
                throw new IllegalArgumentException(field + ": '" + name + "' (expected: an HTTP token)");
            }
        }
    }

    public boolean isEmpty() {
        return remove.isEmpty() && add.isEmpty();
    }

    /**
     * These mutations, then {@code more} (which win where both set a header, and remove what these add): a virtual
     * host's, then a route's, as one list of removals and one of additions.
     */
    public HeaderMutations then(HeaderMutations more) {
        if (more.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return more;
        }
        List<String> removes = new ArrayList<>(remove);
        removes.addAll(more.remove);
        List<HeaderValue> adds = new ArrayList<>(add);
        adds.removeIf(value -> more.remove.contains(value.name()));
        adds.addAll(more.add);
        return new HeaderMutations(removes, adds);
    }
}
