package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/** One ordered rule: when {@code match} holds, send to {@code action}'s clusters. */
public record Route(RouteMatch match, RouteAction action) {

    public Route {
        Checks.nonNull(match, "route.match");
        Checks.nonNull(action, "route.action");
    }
}
