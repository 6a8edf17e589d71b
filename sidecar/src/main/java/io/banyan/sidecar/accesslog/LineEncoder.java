package io.banyan.sidecar.accesslog;

import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;

/** A line as UTF-8 with {@code \n} (logback's EchoEncoder uses the platform's charset and line end). */
final class LineEncoder extends EncoderBase<String> {

    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(String line) {
        return (line + '\n').getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }
}
