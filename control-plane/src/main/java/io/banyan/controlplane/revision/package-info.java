/**
 * Revisions of the mesh configuration: every write numbered, with its author and the object before and after;
 * ETags and If-Match preconditions; the readable diff between two versions of an object.
 */
package io.banyan.controlplane.revision;
