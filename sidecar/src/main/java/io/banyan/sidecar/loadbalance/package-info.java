/** Load balancers: each picks one endpoint of a cluster per request, cheaply and without allocating. */
package io.banyan.sidecar.loadbalance;
