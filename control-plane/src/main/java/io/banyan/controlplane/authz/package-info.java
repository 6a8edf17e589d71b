/**
 * Which services may call which: per-service allow lists of calling services and the mesh-wide default, kept in the
 * store and published to listeners as revisioned immutable {@code AuthorizationSnapshot}s.
 */
package io.banyan.controlplane.authz;
