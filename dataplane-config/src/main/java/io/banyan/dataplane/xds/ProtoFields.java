package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;

import java.time.Duration;

/** Field conversions shared by the translators; each failure becomes an {@link InvalidResourceException}. */
final class ProtoFields {

    private ProtoFields() {
    }

    /** A socket address with a literal host and a port in 1..65535. */
    static SocketAddress socketAddress(Address address, String field, String kind, String name)
            throws InvalidResourceException {
        if (!address.hasSocketAddress()) {
            throw new InvalidResourceException(kind, name, field + " " + address.getAddressCase()
                    + " (expected: socket_address)");
        }
        SocketAddress socket = address.getSocketAddress();
        if (socket.getAddress().isBlank()) {
            throw new InvalidResourceException(kind, name, field + ".address '' (expected: a host or IP address)");
        }
        if (socket.getPortSpecifierCase() != SocketAddress.PortSpecifierCase.PORT_VALUE) {
            throw new InvalidResourceException(kind, name, field + ".port_specifier "
                    + socket.getPortSpecifierCase() + " (expected: port_value)");
        }
        int port = socket.getPortValue();
        if (port < 1 || port > 65535) {
            throw new InvalidResourceException(kind, name, "port_value " + port + " (expected: 1..65535)");
        }
        return socket;
    }

    static Duration duration(com.google.protobuf.Duration value) {
        return Duration.ofSeconds(value.getSeconds(), value.getNanos());
    }

    static <M extends Message> M unpack(Any any, Class<M> type, String field, String kind, String name)
            throws InvalidResourceException {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidResourceException(kind, name, field + " of type " + any.getTypeUrl()
                    + " (expected: " + type.getSimpleName() + ")");
        }
    }
}
