package dev.facestream.cli;

/** The command line as typed, for model metadata ("the command that made it"). */
final class CommandLines {
    private CommandLines() {
    }

    static String reconstruct(String subcommand) {
        String args = System.getProperty("sun.java.command", "");
        int i = args.indexOf(" " + subcommand + " ");
        return "./facestream " + (i >= 0 ? args.substring(i + 1) : subcommand);
    }
}
