package io.banyan.controlplane.admin;

import java.util.Map;

/** The body of {@code POST /v1/services/{service}/instances}: only host and port are required. */
record InstanceBody(String host, Integer port, String zone, String version, Integer weight, Long ttlSeconds,
                    String protocol, Map<String, String> metadata, Boolean mesh) {
}
