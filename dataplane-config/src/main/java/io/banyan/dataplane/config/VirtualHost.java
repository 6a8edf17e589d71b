package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.List;

/**
 * Domains matched against the request's Host / :authority as Envoy does: exact, then suffix
 * wildcard {@code *.foo}, then prefix wildcard {@code foo.*}, then {@code *}; a domain may carry a
 * port ({@code orders:9001}). Routes are tried in order; the first match wins. The host's header mutations apply
 * before those of the route that matched (the route's win).
 */
public record VirtualHost(String name, List<String> domains, List<Route> routes, HeaderMutations requestHeaders,
                          HeaderMutations responseHeaders) {

    public VirtualHost {
        Checks.nonEmpty(name, "virtualHost.name");
        domains = List.copyOf(Checks.nonNull(domains, "virtualHost.domains"));
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("virtualHost.domains of " + name + ": [] (expected: at least one domain)");
        }
        routes = List.copyOf(Checks.nonNull(routes, "virtualHost.routes"));
        requestHeaders = Checks.nonNull(requestHeaders, "virtualHost.requestHeaders");
        responseHeaders = Checks.nonNull(responseHeaders, "virtualHost.responseHeaders");
    }

    public VirtualHost(String name, List<String> domains, List<Route> routes) {
        this(name, domains, routes, HeaderMutations.NONE, HeaderMutations.NONE);
    }
}
