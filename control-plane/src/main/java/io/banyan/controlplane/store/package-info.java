/** Durable control-plane state in an embedded H2 MVStore file: typed maps of small JSON records, committed on every write. */
package io.banyan.controlplane.store;
