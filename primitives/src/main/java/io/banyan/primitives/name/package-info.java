/** The naming rules of the mesh, each stated once: a service name is a DNS label. */
package io.banyan.primitives.name;
