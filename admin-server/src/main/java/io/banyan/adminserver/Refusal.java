package io.banyan.adminserver;

/**
 * A request answered from its head alone (refused before its body was read): handed down the pipeline in place of
 * the request so that its answer is written in order with the answers of earlier pipelined requests, after which
 * the connection closes (lingering, see {@link LingeringClose}).
 */
record Refusal(AdminResponse response) {
}
