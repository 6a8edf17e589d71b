package io.banyan.sidecar.http1;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Normalises the path of a request target the way Envoy's {@code normalize_path} and {@code merge_slashes} do, so
 * that routes match, and the app receives, the path a file system or framework would resolve: RFC 3986 section 5.2.4
 * remove_dot_segments (a {@code ..} above the root stays at the root, as the RFC says), a dot segment also when its
 * dots are percent-encoded ({@code %2e}, either case, as URL parsers decode them), and runs of slashes merged into
 * one. The query is kept as it came. Nothing else is decoded: {@code %2F} and {@code %5C} stay encoded and a
 * backslash stays a backslash (Envoy's {@code path_with_escaped_slashes_action} default, {@code KEEP_UNCHANGED}).
 * Origin-form ({@code /a/b?q}) and absolute-form ({@code http://host/a/b?q}) targets are normalised; {@code *} and
 * authority-form are left alone. Plain Java, no Netty.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    /** {@code target} with its path normalised; the same instance when there was nothing to do. */
    static String normalize(String target) {
        int pathStart = pathStart(target);
        if (pathStart < 0) {
            return target;
        }
        int pathEnd = pathEnd(target, pathStart);
        if (!needsWork(target, pathStart, pathEnd)) {
            return target;
        }
        return target.substring(0, pathStart) + normalizePath(target.substring(pathStart, pathEnd))
                + target.substring(pathEnd);
    }

    /** Where the path starts: 0 in origin-form, after the authority in absolute-form; -1 when there is none. */
    private static int pathStart(String target) {
        if (target.startsWith("/")) {
            return 0;
        }
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            return -1;
        }
        int authorityEnd = scheme + 3;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        return authorityEnd < target.length() && target.charAt(authorityEnd) == '/' ? authorityEnd : -1;
    }

    private static int pathEnd(String target, int from) {
        for (int i = from; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return target.length();
    }

    /** Whether a slash is followed by a slash, a dot or a percent sign (a possibly encoded dot). */
    private static boolean needsWork(String target, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (target.charAt(i) == '/') {
                char next = target.charAt(i + 1);
                if (next == '/' || next == '.' || next == '%') {
                    return true;
                }
            }
        }
        return false;
    }

    private static String normalizePath(String path) {
        Deque<String> segments = new ArrayDeque<>();
        boolean trailingSlash = false;
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            boolean last = end < 0;
            if (last) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            int dots = dots(segment);
            if (dots == 2) {
                segments.pollLast();
            } else if (dots != 1 && !segment.isEmpty()) {
                segments.addLast(segment);
            }
            trailingSlash = last ? dots > 0 || segment.isEmpty() : trailingSlash;
            start = end + 1;
        }
        StringBuilder result = new StringBuilder(path.length());
        for (String segment : segments) {
            result.append('/').append(segment);
        }
        if (segments.isEmpty() || trailingSlash) {
            result.append('/');
        }
        return result.toString();
    }

    /** 1 for a {@code .} segment, 2 for {@code ..}, either possibly as {@code %2e}; 0 for any other segment. */
    private static int dots(String segment) {
        int dots = 0;
        int i = 0;
        while (i < segment.length()) {
            if (segment.charAt(i) == '.') {
                i++;
            } else if (segment.regionMatches(true, i, "%2e", 0, 3)) {
                i += 3;
            } else {
                return 0;
            }
            dots++;
        }
        return dots <= 2 ? dots : 0;
    }
}
