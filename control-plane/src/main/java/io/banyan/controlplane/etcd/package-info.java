/** The client to etcd (jetcd): endpoints, TLS and auth, for the store on etcd. */
package io.banyan.controlplane.etcd;
