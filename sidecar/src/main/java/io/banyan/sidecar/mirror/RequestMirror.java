package io.banyan.sidecar.mirror;

import io.netty.handler.codec.http.HttpContent;

import java.util.List;

/** The shadow copies of one request (one per sampled mirror policy of its route), fed as its body goes up. */
public final class RequestMirror {

    private final List<ShadowRequest> shadows;

    RequestMirror(List<ShadowRequest> shadows) {
        this.shadows = shadows;
    }

    /** A chunk of the request's body, before it goes up; the caller keeps it (each copy keeps a duplicate). */
    public void offer(HttpContent content) {
        for (int i = 0; i < shadows.size(); i++) {
            shadows.get(i).offer(content);
        }
    }

    /** The request ended, answered or not: copies still waiting for their body are dropped, sent ones go on. */
    public void requestEnded() {
        for (int i = 0; i < shadows.size(); i++) {
            shadows.get(i).requestEnded();
        }
    }
}
