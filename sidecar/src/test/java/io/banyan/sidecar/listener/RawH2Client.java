package io.banyan.sidecar.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately naive HTTP/2 client on a plain socket: frames are made by Netty's own {@link DefaultHttp2FrameWriter}
 * (or by hand, for malformed ones) and read back as raw frames, so a test can send what no real client would.
 */
final class RawH2Client implements AutoCloseable {

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, CONTINUATION = 9;

    /** One frame read from the server. */
    record Frame(int type, int flags, int streamId, byte[] payload) {
        long errorCode() { // RST_STREAM: the first 4 bytes; GOAWAY: after the last stream id
            int at = type == GOAWAY ? 4 : 0;
            return ((payload[at] & 0xFFL) << 24) | ((payload[at + 1] & 0xFFL) << 16) | ((payload[at + 2] & 0xFFL) << 8)
                    | (payload[at + 3] & 0xFFL);
        }

        int lastStreamId() {
            return ((payload[0] & 0x7F) << 24) | ((payload[1] & 0xFF) << 16) | ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
        }

        boolean endStream() {
            return (flags & 0x1) != 0;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    private final EmbeddedChannel sink = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext ctx = sink.pipeline().firstContext();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

    RawH2Client(int port, int receiveBuffer) throws IOException {
        this(connect(port, receiveBuffer));
    }

    /** Over {@code connected}, e.g. a TLS socket whose handshake chose h2 by ALPN. */
    RawH2Client(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    private static Socket connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        return socket;
    }

    RawH2Client(int port) throws IOException {
        this(port, 0);
    }

    /** The preface and an empty SETTINGS frame. */
    RawH2Client handshake() throws IOException {
        out.write(PREFACE);
        writer.writeSettings(ctx, new Http2Settings(), sink.newPromise());
        return flush();
    }

    static Http2Headers get(String path) {
        return new DefaultHttp2Headers(false).method("GET").scheme("http").authority("orders").path(path);
    }

    RawH2Client headers(int streamId, Http2Headers headers, boolean endStream) throws IOException {
        writer.writeHeaders(ctx, streamId, headers, 0, endStream, sink.newPromise());
        return this;
    }

    RawH2Client data(int streamId, byte[] bytes, boolean endStream) throws IOException {
        writer.writeData(ctx, streamId, Unpooled.wrappedBuffer(bytes), 0, endStream, sink.newPromise());
        return this;
    }

    RawH2Client rst(int streamId, long errorCode) {
        writer.writeRstStream(ctx, streamId, errorCode, sink.newPromise());
        return this;
    }

    RawH2Client ping(long data) {
        writer.writePing(ctx, false, data, sink.newPromise());
        return this;
    }

    RawH2Client settings() {
        writer.writeSettings(ctx, new Http2Settings(), sink.newPromise());
        return this;
    }

    /** A frame written by hand. */
    RawH2Client frame(int type, int flags, int streamId, byte[] payload) throws IOException {
        flush();
        byte[] head = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8),
                (byte) streamId};
        out.write(head);
        out.write(payload);
        return this;
    }

    /** Sends what the frame writer made so far. */
    RawH2Client flush() throws IOException {
        sink.flush();
        ByteBuf buf;
        while ((buf = sink.readOutbound()) != null) {
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.write(bytes);
            } finally {
                buf.release();
            }
        }
        out.flush();
        return this;
    }

    /** The next frame, or null at the end of the stream. */
    Frame read() throws IOException {
        byte[] head = new byte[9];
        try {
            in.readFully(head);
        } catch (EOFException e) {
            return null;
        }
        int length = ((head[0] & 0xFF) << 16) | ((head[1] & 0xFF) << 8) | (head[2] & 0xFF);
        int streamId = ((head[5] & 0x7F) << 24) | ((head[6] & 0xFF) << 16) | ((head[7] & 0xFF) << 8) | (head[8] & 0xFF);
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(head[3] & 0xFF, head[4] & 0xFF, streamId, payload);
    }

    /** Reads until a frame of {@code type} (on {@code streamId}, or any when negative); null if the connection ends. */
    Frame readUntil(int type, int streamId) throws IOException {
        Frame frame;
        while ((frame = readQuietly()) != null) {
            if (frame.type() == type && (streamId < 0 || frame.streamId() == streamId)) {
                return frame;
            }
        }
        return null;
    }

    /** Null also when the server reset the connection. */
    Frame readQuietly() throws IOException {
        try {
            return read();
        } catch (java.net.SocketException e) {
            return null;
        }
    }

    Http2Headers decode(Frame headers) throws Exception {
        ByteBuf block = Unpooled.wrappedBuffer(headers.payload());
        try {
            return decoder.decodeHeaders(headers.streamId(), block);
        } finally {
            block.release();
        }
    }

    OutputStream rawOut() {
        return out;
    }

    @Override
    public void close() throws IOException {
        sink.finishAndReleaseAll();
        socket.close();
    }
}
