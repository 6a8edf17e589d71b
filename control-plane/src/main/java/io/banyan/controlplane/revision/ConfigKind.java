package io.banyan.controlplane.revision;

import java.util.Locale;
import java.util.Optional;

/** The kinds of configuration object a revision writes (add one here for each new kind). */
public enum ConfigKind {
    POLICY(true),
    AUTHORIZATION(true),
    AUTHORIZATION_DEFAULT(false),
    ROUTES(true),
    GATEWAY_ROUTES(false),
    MIGRATION(false),
    SERVICE(true),
    CONFIG(true);

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

    /** The kind whose wire name is {@code text}, if one is. */
    public static Optional<ConfigKind> of(String text) {
        for (ConfigKind kind : values()) {
            if (kind.wireName().equals(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
