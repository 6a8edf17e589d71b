/**
 * The declarative files of {@code banyan ctl apply} and {@code ctl diff}: documents of a kind, a name and the admin
 * API's body, read from a directory or file, ordered for applying and compared with the live objects.
 */
package io.banyan.cli.ctl.apply;
