/**
 * The sidecar's admin endpoints on 127.0.0.1 (/ready, /live, /metrics, /config_dump, /clusters and POST /drain) and
 * who may call them (local callers only, never a web page), served by the shared {@code io.banyan.adminserver}.
 */
package io.banyan.sidecar.admin;
