/**
 * The one Jackson set-up of the mesh: strict and lenient {@link com.fasterxml.jackson.databind.ObjectMapper}s, ISO-8601
 * times, durations in the mesh's grammar, and the words of a mapping error
 * (its JSON path, what a field expected; {@link io.banyan.primitives.json.JsonReadError}, the one mapping of Jackson's
 * reading errors to "field: what was wrong (expected: ...)").
 */
package io.banyan.primitives.json;
