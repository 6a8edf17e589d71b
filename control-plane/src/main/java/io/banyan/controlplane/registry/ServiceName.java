package io.banyan.controlplane.registry;

import java.util.regex.Pattern;

/** Service names are DNS labels (RFC 1123): lower-case letters, digits and '-', 1..63 characters. */
public final class ServiceName {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private ServiceName() {
    }

    /** Returns {@code name} if it is a valid service name, else throws naming {@code field}. */
    public static String check(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidFieldException(field, field + ": missing (expected: a DNS label, e.g. 'orders')");
        }
        if (!LABEL.matcher(name).matches()) {
            throw new InvalidFieldException(field, field + ": '" + name
                    + "' (expected: a DNS label: 1..63 lower-case letters, digits or '-', not starting or ending with '-')");
        }
        return name;
    }
}
