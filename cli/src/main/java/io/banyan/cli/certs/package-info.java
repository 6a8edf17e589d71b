/** The {@code banyan certs} commands: create a CA, issue workload certificates, inspect certificates. */
package io.banyan.cli.certs;
