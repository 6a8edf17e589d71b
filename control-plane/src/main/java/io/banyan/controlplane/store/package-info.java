/**
 * Durable control-plane state: typed maps of small JSON records over a backend, an embedded H2 MVStore file (group
 * commits) or etcd (a watched mirror per replica, transactions with compares, the leader election).
 */
package io.banyan.controlplane.store;
