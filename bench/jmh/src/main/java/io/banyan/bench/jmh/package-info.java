/** JMH microbenchmarks of the sidecar's per-request hot paths: route match and load-balancer pick. */
package io.banyan.bench.jmh;
