package io.banyan.dataplane.xds;

import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code *_headers_to_add} and {@code *_headers_to_remove} of a route or a virtual host to
 * {@link HeaderMutations}. Supported: {@code header.key} with {@code value} (or {@code raw_value}), {@code append_action}
 * (any of the four) or the deprecated {@code append} (true: append, false: overwrite; not both), and
 * {@code keep_empty_value} (unset: an empty value adds nothing, as in Envoy). Values are literal: Envoy's
 * {@code %VARIABLE%} formatters are refused, {@code %%} stands for one {@code %}.
 */
final class HeaderMutationTranslator {

    private HeaderMutationTranslator() {
    }

    static HeaderMutations translate(String name, String where, List<HeaderValueOption> toAdd, List<String> toRemove)
            throws InvalidResourceException {
        if (toAdd.isEmpty() && toRemove.isEmpty()) {
            return HeaderMutations.NONE;
        }
        List<HeaderValue> add = new ArrayList<>();
        for (int i = 0; i < toAdd.size(); i++) {
            HeaderValue value = headerValue(name, where + "_to_add[" + i + "]", toAdd.get(i));
            if (value != null) {
                add.add(value);
            }
        }
        List<String> remove = new ArrayList<>();
        for (String header : toRemove) {
            remove.add(header.toLowerCase(Locale.ROOT));
        }
        try {
            return new HeaderMutations(remove, add);
        } catch (IllegalArgumentException e) {
            throw invalid(name, where + "_to_remove: " + e.getMessage());
        }
    }

    private static HeaderValue headerValue(String name, String where, HeaderValueOption option)
            throws InvalidResourceException {
        var header = option.getHeader();
        String raw = header.getValue().isEmpty() && !header.getRawValue().isEmpty()
                ? header.getRawValue().toString(StandardCharsets.UTF_8) : header.getValue();
        if (raw.isEmpty() && !option.getKeepEmptyValue()) {
            return null;
        }
        try {
            return new HeaderValue(header.getKey().toLowerCase(Locale.ROOT), literal(name, where, raw),
                    action(name, where, option));
        } catch (IllegalArgumentException e) {
            throw invalid(name, where + ": " + e.getMessage());
        }
    }

    private static HeaderValue.Action action(String name, String where, HeaderValueOption option)
            throws InvalidResourceException {
        if (option.hasAppend()) {
            if (option.getAppendActionValue() != HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD_VALUE) {
                throw invalid(name, where + " append and append_action (expected: one of them)");
            }
            return option.getAppend().getValue() ? HeaderValue.Action.APPEND : HeaderValue.Action.OVERWRITE;
        }
        return switch (option.getAppendAction()) {
            case APPEND_IF_EXISTS_OR_ADD -> HeaderValue.Action.APPEND;
            case ADD_IF_ABSENT -> HeaderValue.Action.ADD_IF_ABSENT;
            case OVERWRITE_IF_EXISTS_OR_ADD -> HeaderValue.Action.OVERWRITE;
            case OVERWRITE_IF_EXISTS -> HeaderValue.Action.OVERWRITE_IF_EXISTS;
            default -> throw invalid(name, where + " append_action " + option.getAppendActionValue()
                    + " (expected: APPEND_IF_EXISTS_OR_ADD, ADD_IF_ABSENT, OVERWRITE_IF_EXISTS_OR_ADD or"
                    + " OVERWRITE_IF_EXISTS)");
        };
    }

    /** The value with {@code %%} unescaped; any other {@code %} would be an Envoy formatter. */
    private static String literal(String name, String where, String value) throws InvalidResourceException {
        int percent = value.indexOf('%');
        if (percent < 0) {
            return value;
        }
        StringBuilder literal = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 1 >= value.length() || value.charAt(i + 1) != '%') {
                    throw invalid(name, where + " header.value '" + value
                            + "' (expected: a literal value; %VARIABLE% formatters are unsupported, %% is one %)");
                }
                i++;
            }
            literal.append(c);
        }
        return literal.toString();
    }

    private static InvalidResourceException invalid(String name, String detail) {
        return new InvalidResourceException(RouteConfigTranslator.KIND, name, detail);
    }
}
