/** The control plane's admin REST API: a Netty HTTP/1.1 server, bearer auth, a route table and one resource class per resource. */
package io.banyan.controlplane.admin;
