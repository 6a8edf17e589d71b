package io.banyan.sidecar.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Plays the exchange in tests: on its acquired connection or stream writes one request (a body of {@code body}
 * bytes streamed in 16 KiB chunks, only while the stream is writable), reads the response and reports how it
 * ended: answered, closed, refused, or not acquired.
 */
final class StreamProbe implements AcquireCallback, UpstreamListener {

    private static final int CHUNK = 16 * 1024;

    enum End { ANSWERED, CLOSED, REFUSED, ACQUIRE_FAILED }

    /** What came back; {@code kinds} lists the response objects' shapes in order (HEAD, CONTENT, LAST). */
    record Result(End end, int status, HttpHeaders headers, String body, HttpHeaders trailers, List<String> kinds,
                  Throwable failure, Channel channel) {
    }

    private final String path;
    private final byte[] body;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<String> kinds = new ArrayList<>();
    private UpstreamConnection connection;
    private HttpResponse head;
    private int sent;
    private boolean requestDone;
    private boolean failOnHead;

    StreamProbe(String path) {
        this(path, new byte[0]);
    }

    StreamProbe(String path, byte[] body) {
        this.path = path;
        this.body = body;
    }

    /** A probe whose handling of the response head throws, as a broken exchange would. */
    static StreamProbe failingOnHead(String path) {
        StreamProbe probe = new StreamProbe(path);
        probe.failOnHead = true;
        return probe;
    }

    CompletableFuture<Result> result() {
        return result;
    }

    @Override
    public void onAcquired(UpstreamConnection acquired) {
        connection = acquired;
        acquired.attach(this);
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1,
                body.length == 0 ? HttpMethod.GET : HttpMethod.POST, path);
        request.headers().set(HttpHeaderNames.HOST, "orders");
        if (body.length > 0) {
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        acquired.write(request);
        writeBody();
        acquired.read();
    }

    private void writeBody() {
        while (!requestDone && connection.isWritable()) {
            int size = Math.min(CHUNK, body.length - sent);
            if (size == 0) {
                connection.write(LastHttpContent.EMPTY_LAST_CONTENT);
                requestDone = true;
            } else {
                ByteBuf chunk = Unpooled.wrappedBuffer(body, sent, size);
                sent += size;
                connection.write(new DefaultHttpContent(chunk));
            }
        }
        connection.flush();
    }

    @Override
    public void onAcquireFailed(Throwable cause) {
        result.complete(new Result(End.ACQUIRE_FAILED, 0, null, null, null, kinds, cause, null));
    }

    @Override
    public void onResponseObject(HttpObject object) {
        try {
            if (object instanceof HttpResponse response) {
                if (failOnHead) {
                    throw new IllegalStateException("the exchange failed on the head");
                }
                head = response;
                kinds.add("HEAD");
            }
            if (object instanceof HttpContent content) {
                byte[] bytes = new byte[content.content().readableBytes()];
                content.content().readBytes(bytes);
                received.writeBytes(bytes);
                if (content instanceof LastHttpContent last) {
                    kinds.add("LAST");
                    Channel channel = connection.channel();
                    connection.release();
                    result.complete(new Result(End.ANSWERED, head.status().code(), head.headers(),
                            received.toString(StandardCharsets.UTF_8), last.trailingHeaders(), kinds, null, channel));
                } else {
                    kinds.add("CONTENT");
                }
            }
        } finally {
            ReferenceCountUtil.release(object);
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        if (!result.isDone()) {
            connection.read();
        }
    }

    @Override
    public void onUpstreamWritable() {
        writeBody();
    }

    @Override
    public void onUpstreamClosed() {
        result.complete(new Result(End.CLOSED, 0, null, null, null, kinds, null, null));
    }

    @Override
    public void onUpstreamRefused() {
        result.complete(new Result(End.REFUSED, 0, null, null, null, kinds, null, null));
    }
}
