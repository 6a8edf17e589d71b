/**
 * Comparing a shadow copy's answer with the live one, as plain Java: status, named headers, and the body by digest or
 * as JSON trees with ignored paths, down to the first difference.
 */
package io.banyan.sidecar.mirror.compare;
