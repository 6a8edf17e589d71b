/** Conventions shared by the xDS server and the sidecar's xDS client: node metadata and resource names. */
package io.banyan.api.xds;
