/**
 * End-user policy at the gateway, as plain Java: JWT verification against cached JWKS, API keys by hash, per-client
 * token buckets in bounded memory, CORS answers and the body limit, decided per request by {@code EdgeGate}.
 */
package io.banyan.sidecar.edge;
