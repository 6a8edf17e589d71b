/** What makes control-plane replicas sharing one store agree: duties that run on the leader only, shared load reports. */
package io.banyan.controlplane.replica;
