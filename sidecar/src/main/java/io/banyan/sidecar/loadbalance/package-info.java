/** Load balancers and hash policies in plain Java: each balancer picks one endpoint of a cluster per request, cheaply and without allocating; their settings are records in {@code config}. */
package io.banyan.sidecar.loadbalance;
