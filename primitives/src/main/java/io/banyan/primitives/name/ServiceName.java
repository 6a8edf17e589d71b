package io.banyan.primitives.name;

import java.util.regex.Pattern;

/**
 * The one service-name rule: a DNS label (RFC 1123), 1..63 lower-case letters, digits or '-', not starting or ending
 * with '-'. Used wherever a service is named: registrations, policies, SPIFFE ids, upstream ports, flags.
 */
public final class ServiceName {

    /** What a service name looks like, for "(expected: ...)" messages. */
    public static final String EXPECTED =
            "a DNS label: 1..63 lower-case letters, digits or '-', not starting or ending with '-'";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private ServiceName() {
    }

    /** Whether {@code name} is a valid service name; false for null. */
    public static boolean isValid(String name) {
        return name != null && LABEL.matcher(name).matches();
    }

    /** Returns {@code name} if it is a valid service name, else throws an {@link IllegalArgumentException}. */
    public static String check(String name, String field) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(problem(name, field));
        }
        return name;
    }

    /** The message for an invalid {@code name}: {@code "field: 'Orders' (expected: a DNS label: ...)"}. */
    public static String problem(String name, String field) {
        if (name == null || name.isEmpty()) {
            return field + ": missing (expected: a DNS label, e.g. 'orders')";
        }
        return field + ": '" + name + "' (expected: " + EXPECTED + ")";
    }
}
