package dev.facestream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;

/** Bad training input; the message names the file (and line, where there is one) and the problem. */
public final class DataFormatException extends IOException {
    public DataFormatException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
