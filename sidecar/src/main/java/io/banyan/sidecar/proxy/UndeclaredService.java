package io.banyan.sidecar.proxy;

import java.util.Locale;

/**
 * The problem text of a request on the shared outbound port whose Host names no virtual host: the service asked
 * for is not among this sidecar's declared upstreams (or does not exist). The host name is client input: it is cut
 * to {@link #MAX_NAME} characters, its port dropped, and anything but printable ASCII replaced by {@code ?}, so the
 * answer stays bounded and one line.
 */
final class UndeclaredService {

    /** The most characters of the asked-for host name the text quotes. */
    static final int MAX_NAME = 64;

    private UndeclaredService() {
    }

    /** {@code no route to 'billing' from this sidecar: ... (add --upstream billing, or --upstream '*' ...)}. */
    static String problem(String authority) {
        String name = quoted(authority);
        return "no route to '" + name + "' from this sidecar: it is not among the services this sidecar declared"
                + " (add --upstream " + name + ", or --upstream '*' for every service)";
    }

    /** The host part of {@code authority}, lower case, cut to {@link #MAX_NAME} printable ASCII characters. */
    static String quoted(String authority) {
        if (authority == null || authority.isEmpty()) {
            return "";
        }
        String host = authority;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']', colon) < 0) {
            host = host.substring(0, colon);
        }
        boolean cut = host.length() > MAX_NAME;
        StringBuilder name = new StringBuilder(Math.min(host.length(), MAX_NAME) + 3);
        for (int i = 0; i < Math.min(host.length(), MAX_NAME); i++) {
            char c = host.charAt(i);
            name.append(c >= 0x21 && c < 0x7f && c != '\'' ? c : '?');
        }
        return (cut ? name.append("...") : name).toString().toLowerCase(Locale.ROOT);
    }
}
