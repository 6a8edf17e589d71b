package io.banyan.dataplane.xds;

/**
 * An xDS resource the sidecar cannot run with. The message names the resource, the field and what
 * was expected, e.g. {@code listener outbound|9001: port_value 70000 (expected: 1..65535)}; it is
 * sent back to the control plane as the NACK's error_detail.
 */
public final class InvalidResourceException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidResourceException(String kind, String name, String detail) {
        super(kind + " " + (name == null || name.isEmpty() ? "''" : name) + ": " + detail);
    }
}
