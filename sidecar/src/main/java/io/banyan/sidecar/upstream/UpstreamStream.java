package io.banyan.sidecar.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * One exchange's stream on a pooled HTTP/2 connection, a plain object on the connection's {@link StreamFrames}: the
 * request becomes HEADERS (held until the next write or flush, so a request without body or trailers is one HEADERS
 * that ends the stream, as it came), DATA and trailing HEADERS; the response's frames become a head, contents and a
 * last content with the trailers, handed over only while the exchange asks for them (the rest waits here, bounded by
 * the stream's receive window, which is given back as the exchange takes them). It tells a refused stream
 * (REFUSED_STREAM, or above a GOAWAY's last stream id) from a reset one. Streams are never reused: releasing or
 * closing one ends it.
 */
final class UpstreamStream implements UpstreamConnection {

    private static final Logger log = LoggerFactory.getLogger(UpstreamStream.class);
    private final StreamFrames frames;
    private UpstreamListener listener;
    /** The HTTP/2 stream once its HEADERS went; {@code null} before. */
    private Http2Stream stream;
    /** The request's HEADERS, waiting for what comes next. */
    private Http2Headers head;
    /** Response parts the exchange has not asked for yet. */
    private ArrayDeque<HttpObject> held;
    /** Whether it takes more request bytes, as the flow controller last announced (a new stream does). */
    private boolean writable = true;
    /** The exchange asked for more, and the current read did not complete yet. */
    private boolean reading;
    private boolean delivering;
    private boolean inSocketRead;
    private boolean finalHeadSeen;
    private boolean finalHeadHanded;
    private boolean responseEnded;
    private boolean refused;
    /** The HTTP/2 stream closed while parts were still held: told once they are taken. */
    private boolean closedAfterHeld;
    private boolean ended;
    /** The request could not be converted: nothing more is written. */
    private boolean unsendable;

    UpstreamStream(StreamFrames frames) {
        this.frames = frames;
    }

    // ---- what the exchange calls

    @Override
    public void write(HttpObject part) {
        if (ended || unsendable || (stream != null && !stream.state().localSideOpen())) {
            ReferenceCountUtil.release(part);
            return;
        }
        if (part instanceof HttpRequest request && stream == null && head == null) {
            try {
                head = Http2Messages.requestHeaders(request, frames.scheme());
            } catch (RuntimeException e) { // a field HTTP/2 cannot carry: nothing was sent
                log.debug("request head for {} not convertible to HTTP/2", frames.channel(), e);
                ReferenceCountUtil.release(part);
                unsendable = true; // told outside the exchange's write
                frames.channel().eventLoop().execute(this::openFailed);
                return;
            }
        }
        if (part instanceof HttpContent content) {
            send(content);
        }
    }

    private void send(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        HttpHeaders trailers = last ? ((LastHttpContent) content).trailingHeaders() : EmptyHttpHeaders.INSTANCE;
        ByteBuf data = content.content();
        if (head != null) {
            boolean endsWithHead = last && !data.isReadable() && trailers.isEmpty();
            sendHead(endsWithHead);
            if (endsWithHead || stream == null) {
                content.release();
                return;
            }
        }
        if (stream == null) {
            content.release();
        } else if (!trailers.isEmpty()) {
            Http2Headers converted;
            try {
                converted = Http2Messages.trailers(trailers);
            } catch (RuntimeException e) { // a field HTTP/2 cannot carry: the stream is reset, told after this write
                content.release();
                frames.channel().eventLoop().execute(() -> failedInExchange(e));
                return;
            }
            if (data.isReadable()) {
                frames.writeData(stream, data, false);
            } else {
                content.release();
            }
            frames.writeTrailers(stream, converted);
        } else if (data.isReadable() || last) {
            frames.writeData(stream, data, last);
        } else {
            content.release();
        }
    }

    private void sendHead(boolean endStream) {
        Http2Headers headers = head;
        head = null;
        stream = frames.open(this, headers, endStream);
        if (stream == null) {
            refused = true; // never sent: safe to retry elsewhere, told outside the exchange's write
            frames.channel().eventLoop().execute(this::openFailed);
        }
    }

    @Override
    public void flush() {
        if (head != null && !ended) {
            sendHead(false);
        }
        frames.flush();
    }

    @Override
    public void read() {
        reading = true;
        if (held != null && !held.isEmpty() && !delivering) {
            deliverHeld();
        }
    }

    /**
     * As the flow controller last told it (never its live state, which may change without a word: a socket that
     * filled and drained again unseen would leave the exchange waiting for a change that was never announced).
     */
    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public Channel channel() {
        return frames.channel();
    }

    @Override
    public boolean reused() {
        return false;
    }

    @Override
    public void attach(UpstreamListener listener) {
        this.listener = listener;
    }

    /**
     * The exchange is complete: the stream ends; the connection stays pooled. Once the response's END_STREAM was
     * read and ours was sent, the stream closes by itself: resetting it now would be wrong (the codec hands the last
     * frame over before it marks the stream closed) and resets count as an attack at the peer (rapid-reset limits).
     */
    @Override
    public void release() {
        if (!responseEnded || stream == null || stream.state().localSideOpen()) {
            close();
            return;
        }
        listener = null;
        dropHeld();
    }

    /** Resets the stream (RST_STREAM CANCEL unless it already ended); the connection stays pooled. */
    @Override
    public void close() {
        listener = null;
        head = null;
        dropHeld();
        if (stream != null && stream.state() != Http2Stream.State.CLOSED) {
            frames.reset(stream, Http2Error.CANCEL); // closes it: streamClosed() ends it
        } else {
            end();
        }
    }

    // ---- what the connection's frames call

    void onHeaders(Http2Headers headers, boolean endStream) {
        if (listener == null) {
            return;
        }
        try {
            if (finalHeadSeen) {
                if (!endStream) {
                    failed(); // a second head
                    return;
                }
                offer(Http2Messages.responseTrailers(stream.id(), headers));
                return;
            }
            HttpResponse response = Http2Messages.responseHead(stream.id(), headers, endStream);
            boolean interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            finalHeadSeen = !interim;
            offer(response);
            if (interim || endStream) {
                offer(LastHttpContent.EMPTY_LAST_CONTENT);
            }
        } catch (Exception e) { // headers HTTP/1.1 cannot carry, or a status that is none
            failed();
        }
    }

    /** Returns how many of the DATA's bytes the exchange took now; the others are given back as it takes them. */
    int onData(ByteBuf data, boolean endStream) {
        int bytes = data.readableBytes();
        if (listener == null) {
            return bytes;
        }
        if (!finalHeadSeen) {
            failed(); // DATA before the response head
            return bytes;
        }
        HttpContent part = endStream ? Http2Messages.responseEnd(data.retain()) : new DefaultHttpContent(data.retain());
        return offer(part) ? bytes : 0;
    }

    void refused() {
        refused = true;
    }

    /** The flow controller's writability of the stream changed (windows, or the socket's buffer). */
    void writabilityChanged() {
        writable = stream != null && frames.isWritable(stream);
        UpstreamListener current = listener;
        if (current != null && writable) {
            try {
                current.onUpstreamWritable();
            } catch (RuntimeException e) {
                failedInExchange(e);
            }
        }
    }

    /** The HTTP/2 stream closed: both ends done, reset either way, above a GOAWAY, or its connection closed. */
    void streamClosed() {
        end();
        if (listener == null) {
            return;
        }
        if (held != null && !held.isEmpty()) {
            closedAfterHeld = true;
        } else {
            reportClosed();
        }
    }

    void readComplete() {
        inSocketRead = false;
        reading = false;
        tellReadComplete();
    }

    private void tellReadComplete() {
        UpstreamListener current = listener;
        if (current != null) {
            try {
                current.onUpstreamReadComplete();
            } catch (RuntimeException e) {
                failedInExchange(e);
            }
        }
    }

    // ---- internals

    /** Hands {@code part} over if the exchange asked for it, else holds it; whether it was handed over (or dropped). */
    private boolean offer(HttpObject part) {
        UpstreamListener current = listener;
        if (current == null) {
            ReferenceCountUtil.release(part);
            return true;
        }
        if (!reading || (held != null && !held.isEmpty())) {
            if (held == null) {
                held = new ArrayDeque<>(4);
            }
            held.add(part);
            return false;
        }
        if (!inSocketRead) {
            inSocketRead = true;
            frames.deliveredInRead(this);
        }
        hand(current, part);
        return true;
    }

    /** Hands {@code part} to the exchange, noting when the final response ended. */
    private void hand(UpstreamListener current, HttpObject part) {
        if (part instanceof HttpResponse response) {
            finalHeadHanded = response.status().codeClass() != HttpStatusClass.INFORMATIONAL;
        } else if (part instanceof LastHttpContent && finalHeadHanded) {
            responseEnded = true;
        }
        try {
            current.onResponseObject(part);
        } catch (RuntimeException e) {
            failedInExchange(e);
        }
    }

    /**
     * What the exchange did with a part or an event threw: as a child channel's pipeline did, the stream alone is
     * reset (never the connection and its other streams) and the exchange told it closed.
     */
    private void failedInExchange(RuntimeException e) {
        log.debug("upstream stream on {} failed", frames.channel(), e);
        dropHeld();
        if (stream != null && stream.state() != Http2Stream.State.CLOSED) {
            frames.reset(stream, Http2Error.CANCEL); // streamClosed() tells the exchange
        } else if (listener != null) {
            reportClosed();
        }
    }

    private void deliverHeld() {
        delivering = true;
        int bytes = 0;
        HttpObject part;
        while (listener != null && (part = held.poll()) != null) {
            if (part instanceof HttpContent content) {
                bytes += content.content().readableBytes();
            }
            hand(listener, part);
        }
        delivering = false;
        if (stream != null) {
            frames.consumed(stream, bytes);
        }
        if (listener == null) {
            dropHeld();
        } else if (closedAfterHeld) {
            reportClosed();
        } else {
            reading = false;
            tellReadComplete();
        }
    }

    private void failed() {
        if (stream != null && stream.state() != Http2Stream.State.CLOSED) {
            frames.reset(stream, Http2Error.PROTOCOL_ERROR); // streamClosed() tells the exchange
        }
    }

    private void openFailed() {
        end();
        if (listener != null) {
            reportClosed();
        }
    }

    private void reportClosed() {
        UpstreamListener current = listener;
        listener = null;
        dropHeld();
        try {
            if (refused || (stream != null && frames.refusedByGoAway(stream.id()))) {
                current.onUpstreamRefused();
            } else {
                current.onUpstreamClosed();
            }
        } catch (RuntimeException e) {
            log.debug("upstream stream on {}: the exchange failed on its end", frames.channel(), e);
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            frames.ended();
        }
    }

    private void dropHeld() {
        if (held != null) {
            HttpObject part;
            while ((part = held.poll()) != null) {
                ReferenceCountUtil.release(part);
            }
        }
    }
}
