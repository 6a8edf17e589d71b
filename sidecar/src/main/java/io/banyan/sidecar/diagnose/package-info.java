/**
 * Asking a sidecar why: {@link io.banyan.sidecar.diagnose.RecentFailures} keeps the last failed exchanges (a bounded
 * ring, and per service the failures by cause with a few request ids), and {@link io.banyan.sidecar.diagnose.Diagnosis}
 * explains the path to a service now (declared, routes, endpoints and their state, failures, config versions and
 * NACKs, the control plane, the retry budget) or one failed request, as data and in plain language, for the admin's
 * {@code /debug/why}. Plain Java over what the data plane and the xDS client already show.
 */
package io.banyan.sidecar.diagnose;
