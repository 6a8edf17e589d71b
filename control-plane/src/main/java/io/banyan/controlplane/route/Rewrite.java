package io.banyan.controlplane.route;

/** Replaces the matched path prefix (or exact path) before proxying. */
public record Rewrite(String prefix) {

    public Rewrite {
        Rules.path("prefix", prefix);
    }
}
