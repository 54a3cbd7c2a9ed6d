package dev.facestream.cli;

import picocli.CommandLine.Option;

/** Where one of the product's browser pages (live, review) listens: this machine only, unless opened up on purpose. */
final class PageBindOption {
    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "address the page listens on (default: ${DEFAULT-VALUE}, this machine only; the page"
                    + " shows faces from the camera, so open it up deliberately, e.g. 0.0.0.0)")
    String bind;
}
