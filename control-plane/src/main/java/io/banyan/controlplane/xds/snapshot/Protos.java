package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;

/** Small conversions from Java values to protobuf well-known types. */
final class Protos {

    private Protos() {
    }

    static Duration duration(java.time.Duration duration) {
        return Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
    }

    /** The proto3 JSON form of a duration, e.g. {@code 1.500s}. */
    static String jsonDuration(java.time.Duration duration) {
        return Durations.toString(duration(duration));
    }

    static UInt32Value uint32(int value) {
        return UInt32Value.of(value);
    }

    static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }
}
