/** The protocol limits an operator sets for every downstream connection of the sidecar, grouped in one record. */
package io.banyan.sidecar.limits;
