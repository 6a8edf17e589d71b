package io.banyan.sidecar.mirror.compare;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One side's complete answer, reduced to what its comparison looks at: the status; the values of the compared
 * headers, in the comparison's order (all values of a header joined by {@code ","}, null when absent); the body as
 * the SHA-256 {@code digest} of its bytes, or (body compared as JSON) its {@code json} tree, or neither (body not
 * compared). A body compared as JSON that is not JSON keeps its digest instead.
 */
public record Answer(int status, List<String> headers, byte[] digest, JsonNode json) {

    public Answer {
        headers = Collections.unmodifiableList(new ArrayList<>(headers)); // values may be null
    }
}
