/** Real etcd processes for tests: a cluster of {@code /usr/bin/etcd} members on free loopback ports. */
package io.banyan.testkit.etcd;
