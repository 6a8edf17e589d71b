/**
 * Routing in plain Java: a request's authority, path, method, headers and query (read through {@link
 * io.banyan.sidecar.route.RouteRequest}) to a route, a route to one weighted cluster, and the paths a route rewrites or
 * redirects to.
 */
package io.banyan.sidecar.route;
