/**
 * The gateway's end-user policy in the request pipeline: {@code EdgeFilterHandler} asks {@code edge.EdgeGate} about
 * each request head before the proxy sees it, and counts its body against the route's limit.
 */
package io.banyan.sidecar.proxy.edge;
