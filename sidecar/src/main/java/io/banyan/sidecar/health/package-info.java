/** Active health checking of the local app (HTTP GET of its health path), with thresholds against flapping. */
package io.banyan.sidecar.health;
