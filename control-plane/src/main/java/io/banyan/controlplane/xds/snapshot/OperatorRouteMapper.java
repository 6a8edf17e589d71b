package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.route.Destination;
import io.banyan.controlplane.route.HeaderChanges;
import io.banyan.controlplane.route.HeaderMatch;
import io.banyan.controlplane.route.Match;
import io.banyan.controlplane.route.OperatorRoute;
import io.banyan.controlplane.route.PathMatch;
import io.banyan.controlplane.route.QueryMatch;
import io.banyan.controlplane.route.Redirect;
import io.banyan.dataplane.config.PathTemplate;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One operator route as Envoy Routes (docs/xds.md): its match (one Envoy Route per method when it names several),
 * its action ({@code route}, {@code redirect} or {@code direct_response}) and header changes. A {@code to} route's
 * action carries the given traffic policy with the route's own timeout and retries in its place ({@link RoutePolicy}).
 */
final class OperatorRouteMapper {

    private static final String METHOD = ":method";

    private OperatorRouteMapper() {
    }

    /** The Envoy routes of {@code route}, in order, toward services whose policy is {@code policy}. */
    static List<Route> routes(OperatorRoute route, TrafficPolicy policy) {
        Route.Builder envoy = Route.newBuilder().setName(route.name());
        if (route.to() != null) {
            envoy.setRoute(action(route, route.over(policy)));
        } else if (route.redirect() != null) {
            envoy.setRedirect(redirect(route.redirect()));
        } else {
            DirectResponseAction.Builder response = DirectResponseAction.newBuilder()
                    .setStatus(route.directResponse().status());
            if (!route.directResponse().body().isEmpty()) {
                response.setBody(DataSource.newBuilder().setInlineString(route.directResponse().body()));
            }
            envoy.setDirectResponse(response);
        }
        if (route.headers() != null) {
            HeaderChanges request = route.headers().request();
            HeaderChanges response = route.headers().response();
            envoy.addAllRequestHeadersToAdd(headersToAdd(request))
                    .addAllRequestHeadersToRemove(request.remove())
                    .addAllResponseHeadersToAdd(headersToAdd(response))
                    .addAllResponseHeadersToRemove(response.remove());
        }
        return matching(envoy, route.match());
    }

    /** {@code envoy} with {@code match}: one Envoy route, or one per method when the match names several. */
    static List<Route> matching(Route.Builder envoy, Match given) {
        RouteMatch match = match(given);
        List<String> methods = given.methods();
        if (methods.isEmpty()) {
            return List.of(envoy.setMatch(match).build());
        }
        List<Route> routes = new ArrayList<>();
        for (String method : methods) {
            routes.add(envoy.setMatch(match.toBuilder().addHeaders(HeaderMatcher.newBuilder()
                    .setName(METHOD)
                    .setStringMatch(StringMatcher.newBuilder().setExact(method)))).build());
        }
        return routes;
    }

    private static RouteMatch match(Match match) {
        RouteMatch.Builder envoy = RouteMatch.newBuilder();
        PathMatch path = match.path();
        if (path == null) {
            envoy.setPrefix("/");
        } else if (path.exact() != null) {
            envoy.setPath(path.exact());
        } else if (path.prefix() != null) {
            envoy.setPrefix(path.prefix());
        } else {
            envoy.setPathMatchPolicy(TypedExtensionConfig.newBuilder()
                    .setName(PathTemplate.EXTENSION)
                    .setTypedConfig(Any.pack(UriTemplateMatchConfig.newBuilder()
                            .setPathTemplate(path.template()).build())));
        }
        for (HeaderMatch header : match.headers()) {
            envoy.addHeaders(header(header));
        }
        for (QueryMatch query : match.query()) {
            QueryParameterMatcher.Builder matcher = QueryParameterMatcher.newBuilder().setName(query.name());
            if (query.exact() != null) {
                matcher.setStringMatch(StringMatcher.newBuilder().setExact(query.exact()));
            } else {
                matcher.setPresentMatch(true);
            }
            envoy.addQueryParameters(matcher);
        }
        return envoy.build();
    }

    private static HeaderMatcher header(HeaderMatch header) {
        HeaderMatcher.Builder matcher = HeaderMatcher.newBuilder().setName(header.name());
        if (header.exact() != null) {
            matcher.setStringMatch(StringMatcher.newBuilder().setExact(header.exact()));
        } else if (header.prefix() != null) {
            matcher.setStringMatch(StringMatcher.newBuilder().setPrefix(header.prefix()));
        } else {
            matcher.setPresentMatch(true).setInvertMatch(header.absent() != null);
        }
        return matcher.build();
    }

    private static RouteAction.Builder action(OperatorRoute route, TrafficPolicy policy) {
        RouteAction.Builder action = RouteAction.newBuilder();
        List<Destination> to = route.to();
        if (to.size() == 1) {
            action.setCluster(ResourceNames.cluster(to.get(0).service()));
        } else {
            WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
            for (Destination destination : to) {
                weighted.addClusters(WeightedCluster.ClusterWeight.newBuilder()
                        .setName(ResourceNames.cluster(destination.service()))
                        .setWeight(Protos.uint32(destination.weight())));
            }
            action.setWeightedClusters(weighted);
        }
        if (route.rewrite() != null) {
            action.setPrefixRewrite(route.rewrite().prefix());
        }
        if (route.mirror() != null) {
            action.addRequestMirrorPolicies(mirror(ResourceNames.cluster(route.mirror().service()),
                    route.mirror().perMillion()));
        }
        RoutePolicy.apply(action, policy);
        return action;
    }

    /** A copy of {@code perMillion} of the requests to {@code cluster} (Envoy's runtime fraction, denominator MILLION). */
    static RouteAction.RequestMirrorPolicy mirror(String cluster, int perMillion) {
        return RouteAction.RequestMirrorPolicy.newBuilder()
                .setCluster(cluster)
                .setRuntimeFraction(RuntimeFractionalPercent.newBuilder()
                        .setDefaultValue(FractionalPercent.newBuilder()
                                .setNumerator(perMillion)
                                .setDenominator(FractionalPercent.DenominatorType.MILLION)))
                .build();
    }

    private static RedirectAction redirect(Redirect redirect) {
        RedirectAction.Builder envoy = RedirectAction.newBuilder();
        if ("https".equals(redirect.scheme())) {
            envoy.setHttpsRedirect(true);
        } else if (redirect.scheme() != null) {
            envoy.setSchemeRedirect(redirect.scheme());
        }
        if (redirect.host() != null) {
            envoy.setHostRedirect(redirect.host());
        }
        if (redirect.port() != null) {
            envoy.setPortRedirect(redirect.port());
        }
        if (redirect.path() != null) {
            envoy.setPathRedirect(redirect.path());
        } else if (redirect.prefix() != null) {
            envoy.setPrefixRewrite(redirect.prefix());
        }
        return envoy.setResponseCode(responseCode(redirect.status()))
                .setStripQuery(redirect.stripQuery())
                .build();
    }

    private static RedirectAction.RedirectResponseCode responseCode(int status) {
        return switch (status) {
            case 302 -> RedirectAction.RedirectResponseCode.FOUND;
            case 303 -> RedirectAction.RedirectResponseCode.SEE_OTHER;
            case 307 -> RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT;
            case 308 -> RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT;
            default -> RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY;
        };
    }

    private static List<HeaderValueOption> headersToAdd(HeaderChanges changes) {
        List<HeaderValueOption> options = new ArrayList<>();
        add(options, changes.add(), HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD);
        add(options, changes.set(), HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
        return options;
    }

    /**
     * The operator's values are literal: each {@code %} is sent as {@code %%} (Envoy's literal percent, not a
     * {@code %VARIABLE%} formatter), and an empty value is kept ({@code keep_empty_value}) as the operator wrote it.
     */
    private static void add(List<HeaderValueOption> options, Map<String, String> headers,
                            HeaderValueOption.HeaderAppendAction action) {
        headers.forEach((name, value) -> options.add(HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value.replace("%", "%%")))
                .setAppendAction(action)
                .setKeepEmptyValue(true)
                .build()));
    }
}
