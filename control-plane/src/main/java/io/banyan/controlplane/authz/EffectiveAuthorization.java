package io.banyan.controlplane.authz;

import java.util.List;
import java.util.Objects;

/**
 * Who may call one service now. With its own allow list ({@code source = service}) only the listed callers;
 * otherwise ({@code source = default}) the mesh-wide default: everyone, or nobody.
 *
 * @param service the called service
 * @param source  {@code service} (its own allow list) or {@code default} (the mesh-wide default applies)
 * @param allow   the allowed calling services when {@code source = service}; empty otherwise
 * @param mode    the mesh-wide default (informative when the service has its own list)
 */
public record EffectiveAuthorization(String service, String source, List<String> allow, DefaultMode mode) {

    public static final String SOURCE_SERVICE = "service";
    public static final String SOURCE_DEFAULT = "default";

    public EffectiveAuthorization {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(source, "source");
        allow = List.copyOf(allow);
        Objects.requireNonNull(mode, "mode");
    }

    public static EffectiveAuthorization of(AllowList list, DefaultMode mode) {
        return new EffectiveAuthorization(list.service(), SOURCE_SERVICE, list.callers(), mode);
    }

    public static EffectiveAuthorization byDefault(String service, DefaultMode mode) {
        return new EffectiveAuthorization(service, SOURCE_DEFAULT, List.of(), mode);
    }

    /** Whether the service has its own allow list. */
    public boolean hasAllowList() {
        return SOURCE_SERVICE.equals(source);
    }

    /** Whether every caller is accepted (no allow list, default allow-all). */
    public boolean allowsEveryone() {
        return !hasAllowList() && mode == DefaultMode.ALLOW_ALL;
    }
}
