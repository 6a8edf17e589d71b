package io.banyan.controlplane.authz;

import io.banyan.controlplane.registry.InvalidFieldException;

import java.util.List;
import java.util.TreeSet;

/**
 * The calling services one service accepts: DNS labels, sorted and without duplicates (so equal lists give
 * equal xDS content). An empty list accepts nobody.
 */
public record AllowList(String service, List<String> callers) {

    public AllowList {
        InvalidFieldException.serviceName("service", service);
        if (callers == null) {
            throw new InvalidFieldException("allow", "allow: missing (expected: a list of service names)");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (int i = 0; i < callers.size(); i++) {
            sorted.add(InvalidFieldException.serviceName("allow[" + i + "]", callers.get(i)));
        }
        callers = List.copyOf(sorted);
    }
}
