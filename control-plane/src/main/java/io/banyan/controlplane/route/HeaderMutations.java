package io.banyan.controlplane.route;

/** The header changes of a route: on the {@code request} before it is proxied, on the {@code response}. */
public record HeaderMutations(HeaderChanges request, HeaderChanges response) {

    private static final HeaderChanges NONE = new HeaderChanges(null, null, null);

    public HeaderMutations {
        request = Rules.orDefault(request, NONE);
        response = Rules.orDefault(response, NONE);
    }
}
