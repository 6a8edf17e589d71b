/**
 * The sidecar's configuration as immutable, validated records. xDS (and static bootstrap) are
 * translated into these once, at the edge; the data plane never sees protobuf.
 */
package io.banyan.sidecar.config;
