/**
 * Conventions shared by the xDS server and the sidecar's xDS client: node metadata (its keys, defaults and the one
 * codec both sides use), endpoint metadata and resource names.
 */
package io.banyan.api.xds;
