/** Health checking of the local app by HTTP GET of its health path or the gRPC health protocol, with thresholds against flapping. */
package io.banyan.sidecar.health;
