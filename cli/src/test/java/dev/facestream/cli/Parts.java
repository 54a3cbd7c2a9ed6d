package dev.facestream.cli;

import picocli.CommandLine;

/** Test help for the command-line parts (mixins): one part parsed alone. */
final class Parts {
    private Parts() {
    }

    /** {@code part} with {@code args} parsed into it, as a command holding only this part would. */
    static <T> T parsed(T part, String... args) {
        new CommandLine(part).parseArgs(args);
        return part;
    }
}
