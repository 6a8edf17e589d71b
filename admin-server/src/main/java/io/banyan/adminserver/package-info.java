/**
 * The admin HTTP/1.1 server both processes run (their resources and access rules stay with them): bootstrap and
 * pipeline, the head gate (access and methods decided before any body is read), the connection limit with probe
 * slots, slow-client timeouts, the route table with path templates, problem+json and request metrics with labels
 * from closed sets.
 */
package io.banyan.adminserver;
