package io.banyan.controlplane.authz;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every allow list and the mesh-wide default at one revision. Immutable; the revision grows with every change.
 *
 * @param revision the change count ({@code 0} only for {@link #empty()})
 * @param lists    each service's own allow list, by service
 * @param mode     what a service without an allow list accepts
 */
public record AuthorizationSnapshot(long revision, SortedMap<String, AllowList> lists, DefaultMode mode) {

    public AuthorizationSnapshot {
        lists = Collections.unmodifiableSortedMap(new TreeMap<>(lists));
        Objects.requireNonNull(mode, "mode");
    }

    /** No allow lists and the allow-all default: every service accepts every caller. */
    public static AuthorizationSnapshot empty() {
        return new AuthorizationSnapshot(0, new TreeMap<>(), DefaultMode.ALLOW_ALL);
    }

    /** Who may call {@code service}: its own allow list, or the default. */
    public EffectiveAuthorization effective(String service) {
        AllowList list = lists.get(service);
        return list != null ? EffectiveAuthorization.of(list, mode) : EffectiveAuthorization.byDefault(service, mode);
    }

    /** The service's own allow list, if it has one. */
    public Optional<AllowList> allowList(String service) {
        return Optional.ofNullable(lists.get(service));
    }

    AuthorizationSnapshot with(AllowList list) {
        TreeMap<String, AllowList> next = new TreeMap<>(lists);
        next.put(list.service(), list);
        return new AuthorizationSnapshot(revision + 1, next, mode);
    }

    AuthorizationSnapshot without(String service) {
        TreeMap<String, AllowList> next = new TreeMap<>(lists);
        next.remove(service);
        return new AuthorizationSnapshot(revision + 1, next, mode);
    }

    AuthorizationSnapshot withMode(DefaultMode next) {
        return new AuthorizationSnapshot(revision + 1, lists, next);
    }
}
