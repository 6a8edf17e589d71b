package io.banyan.sidecar.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.sidecar.mirror.compare.Answer;
import io.banyan.sidecar.mirror.compare.JsonBodyReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes down one side's answer as it streams by, for a {@link ShadowCompare}, without taking or changing anything it
 * is shown: the final status and the compared headers; the body as a SHA-256 digest updated chunk by chunk (exact),
 * or copied into one pooled buffer (JSON) and read as a tree once complete, when the answer is first asked for (not
 * while the last chunk is being shown, which must go down at once). Informational (1xx) answers are skipped.
 * A body beyond {@code maxBodyBytes} stops the capture: the answer is {@link #tooLarge()}. The buffer is released when
 * the answer is read or on {@link #release()}, whichever comes first. One event loop.
 */
final class AnswerCapture {

    private enum State { AWAITING_HEAD, INFORMATIONAL, BODY, COMPLETE, TOO_LARGE, RELEASED }

    private final ShadowCompare compare;
    private final ByteBufAllocator alloc;
    private final JsonBodyReader reader;
    private State state = State.AWAITING_HEAD;
    private int status;
    private List<String> headers;
    private MessageDigest digest;
    private ByteBuf json;
    private long bodyBytes;
    private Answer answer;

    AnswerCapture(ShadowCompare compare, ByteBufAllocator alloc, JsonBodyReader reader) {
        this.compare = compare;
        this.alloc = alloc;
        this.reader = reader;
    }

    ShadowCompare compare() {
        return compare;
    }

    /** Takes down {@code object} (the caller keeps it); true when it completed the answer, or found it too large. */
    boolean offer(HttpObject object) {
        if (object instanceof HttpResponse response) {
            head(response);
        }
        if (!(object instanceof HttpContent content)) {
            return false;
        }
        boolean last = content instanceof LastHttpContent;
        if (state == State.INFORMATIONAL) {
            if (last) {
                state = State.AWAITING_HEAD; // the final answer follows
            }
            return false;
        }
        if (state != State.BODY) {
            return false;
        }
        body(content.content());
        if (state == State.TOO_LARGE) {
            return true;
        }
        if (last) {
            state = State.COMPLETE; // read when the answer is first asked for
            return true;
        }
        return false;
    }

    private void head(HttpResponse response) {
        if (state != State.AWAITING_HEAD) {
            return;
        }
        int code = response.status().code();
        if (code >= 100 && code < 200) {
            state = State.INFORMATIONAL;
            return;
        }
        status = code;
        headers = headerValues(response.headers());
        state = State.BODY;
        if (compare.body() != ShadowCompare.BodyMode.NONE) {
            digest = sha256();
        }
    }

    private List<String> headerValues(HttpHeaders all) {
        List<String> names = compare.headers();
        List<String> values = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            List<String> value = all.getAll(names.get(i));
            values.add(value.isEmpty() ? null : String.join(",", value));
        }
        return values;
    }

    private void body(ByteBuf chunk) {
        int readable = chunk.readableBytes();
        if (readable == 0 || compare.body() == ShadowCompare.BodyMode.NONE) {
            return;
        }
        bodyBytes += readable;
        if (bodyBytes > compare.maxBodyBytes()) {
            state = State.TOO_LARGE;
            releaseBuffer();
            return;
        }
        if (compare.body() == ShadowCompare.BodyMode.JSON) {
            if (json == null) {
                json = alloc.buffer(Math.min(compare.maxBodyBytes(), Math.max(readable, 1024)), compare.maxBodyBytes());
            }
            json.writeBytes(chunk, chunk.readerIndex(), readable); // the caller's indexes stay as they were
        } else {
            update(digest, chunk);
        }
    }

    /** Builds the answer out of what was taken down (reads the JSON body); once. */
    private Answer build() {
        if (compare.body() == ShadowCompare.BodyMode.JSON) {
            byte[] raw = null;
            JsonNode tree = json == null ? null : reader.read(new ByteBufInputStream(json.duplicate()));
            if (tree == null) {
                if (json != null) {
                    update(digest, json); // not JSON: compared by its bytes
                }
                raw = digest.digest();
            }
            releaseBuffer();
            return new Answer(status, headers, raw, tree);
        }
        return new Answer(status, headers, digest == null ? null : digest.digest(), null);
    }

    /** The complete answer (read on first call); null while incomplete, when too large, or once released. */
    Answer answer() {
        if (answer == null && state == State.COMPLETE) {
            answer = build();
        }
        return answer;
    }

    /** Takes nothing more down (the live answer ended, complete or not); what was taken stays for {@link #answer}. */
    void stop() {
        if (state != State.COMPLETE && state != State.TOO_LARGE) {
            state = State.RELEASED;
            releaseBuffer();
        }
    }

    boolean tooLarge() {
        return state == State.TOO_LARGE;
    }

    /** Gives back the body kept so far; nothing more is taken down, and an answer not read by now is gone. */
    void release() {
        if (state != State.TOO_LARGE && answer == null) {
            state = State.RELEASED;
        }
        releaseBuffer();
    }

    private void releaseBuffer() {
        if (json != null) {
            json.release();
            json = null;
        }
    }

    /** Digests {@code bytes}' readable bytes in place, without moving its indexes. */
    private static void update(MessageDigest digest, ByteBuf bytes) {
        for (ByteBuffer nio : bytes.nioBuffers()) {
            digest.update(nio);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
