/** A test certificate authority and the mutual-TLS material it issues (Bouncy Castle stays inside certs). */
package io.banyan.testkit.tls;
