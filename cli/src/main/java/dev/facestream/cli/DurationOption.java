package dev.facestream.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a command that runs until Ctrl-C runs at most: {@code --duration} of live and review. */
final class DurationOption {
    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
            description = "stop after this many seconds (0: run until Ctrl-C)")
    long seconds;

    /** Checks the value before anything starts, naming the option. */
    void validate() {
        if (seconds < 0) {
            throw new IllegalArgumentException("--duration " + seconds + ": must be 0 (until Ctrl-C) or more");
        }
    }

    /** How long to wait for the run to be stopped: the duration, or (0) as good as for ever. */
    Duration limit() {
        return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ofDays(36500);
    }
}
