/** The sidecar's admin HTTP endpoints on 127.0.0.1: /ready, /live, /metrics, /config_dump, /clusters and POST /drain, for local callers only (never a web page). */
package io.banyan.sidecar.admin;
