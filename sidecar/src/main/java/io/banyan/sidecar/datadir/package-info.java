/**
 * The sidecar's data dir ({@code --data-dir}): what it last knew of its identity and configuration, kept so that it
 * can serve when no control plane answers. Bytes and text only: the xDS client and the identity encode and check what
 * they keep. Written off the event loops, each file atomically and private ({@code io.banyan.primitives.file}).
 */
package io.banyan.sidecar.datadir;
