/**
 * The app configuration the mesh delivers for this sidecar's service: held for {@code GET /config} and its long polls
 * ({@link io.banyan.sidecar.appconfig.ConfigWatch}), optionally written to a file as JSON or {@code .env} lines.
 */
package io.banyan.sidecar.appconfig;
