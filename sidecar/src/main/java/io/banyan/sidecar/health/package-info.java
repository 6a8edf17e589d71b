/**
 * Health checking: the local app probed by HTTP GET of its health path or the gRPC health protocol, and the one
 * consecutive-result counter ({@code ConsecutiveHealth}) that both the app's checks and the clusters' endpoint checks
 * use against flapping.
 */
package io.banyan.sidecar.health;
