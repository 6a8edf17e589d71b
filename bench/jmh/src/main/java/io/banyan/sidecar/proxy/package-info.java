/** Benchmarks placed in the proxy package to reach its package-private header handling. */
package io.banyan.sidecar.proxy;
