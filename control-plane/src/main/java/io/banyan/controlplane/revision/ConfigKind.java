package io.banyan.controlplane.revision;

import io.banyan.controlplane.registry.InvalidFieldException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of configuration object a revision writes (add one here for each new kind). */
public enum ConfigKind {
    POLICY(true),
    AUTHORIZATION(true),
    AUTHORIZATION_DEFAULT(false),
    ROUTES(true),
    GATEWAY_ROUTES(false),
    MIGRATION(false),
    SERVICE(true);

    private final boolean serviceScoped;

    ConfigKind(boolean serviceScoped) {
        this.serviceScoped = serviceScoped;
    }

    /** Whether its object is a service name (what {@code ?service=} filters on). */
    public boolean serviceScoped() {
        return serviceScoped;
    }

    /** {@code gateway-routes}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind named {@code text} in {@code field}, else 400 listing the kinds. */
    public static ConfigKind parse(String field, String text) {
        for (ConfigKind kind : values()) {
            if (kind.wireName().equals(text)) {
                return kind;
            }
        }
        throw new InvalidFieldException(field, field + ": '" + text + "' (expected: one of "
                + Arrays.stream(values()).map(ConfigKind::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
