/**
 * End-user policy of one gateway route (JWT and API-key authentication, a per-client rate limit, CORS, a request
 * body limit): the validated records of the route fields {@code auth}, {@code rateLimit}, {@code cors} and
 * {@code maxRequestBytes}, gathered in an {@code EdgePolicy}; plain Java, no protobuf.
 */
package io.banyan.controlplane.route.edge;
