/**
 * Conventions shared by the xDS server and the sidecar's xDS client: node metadata (its keys, defaults and the one
 * codec both sides use), endpoint metadata, resource names and the names of the load reports' extensions.
 */
package io.banyan.api.xds;
