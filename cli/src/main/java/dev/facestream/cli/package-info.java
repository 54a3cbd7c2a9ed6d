/** The {@code facestream} command line: one picocli command with a subcommand per job. */
package dev.facestream.cli;
