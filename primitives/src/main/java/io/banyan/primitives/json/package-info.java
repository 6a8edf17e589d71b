/**
 * The one Jackson set-up of the mesh: strict and lenient {@link com.fasterxml.jackson.databind.ObjectMapper}s, ISO-8601
 * times, durations in the mesh's grammar, and the words of a mapping error (its JSON path, what a field expected).
 */
package io.banyan.primitives.json;
