/**
 * The process's own log (logback-classic): text or JSON lines on stderr at a level, set at startup from system
 * properties ({@code StartupLog}) and by {@code --log-format}/{@code --log-level} once a command's options are parsed.
 */
package io.banyan.cli.log;
