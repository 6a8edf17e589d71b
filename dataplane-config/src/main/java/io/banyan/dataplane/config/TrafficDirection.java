package io.banyan.dataplane.config;

/** Which way a listener's traffic flows: from the local app out, or from the mesh in. */
public enum TrafficDirection {
    OUTBOUND,
    INBOUND
}
