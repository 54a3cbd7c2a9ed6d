package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ProducerOptionsTest {
    @Command
    static final class Holder {
        @Mixin
        ProducerOptions producer;
    }

    private static ProducerOptions parsed(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.producer;
    }

    @Test
    void aGivenStreamIdWinsOverTheCommandsDefault() {
        assertEquals("cam7", parsed("--stream-id", "cam7").options("clip.mp4", "demo").build().streamId());
        assertEquals("cam7", parsed("--stream-id", "cam7").options("clip.mp4").build().streamId());
    }

    @Test
    void withoutOneTheCommandsDefaultOrTheProducersIsUsed() {
        assertEquals("demo", parsed().options("clip.mp4", "demo").build().streamId());
        assertEquals("clip", parsed().options("videos/clip.mp4").build().streamId(),
                "the producer names the stream after the file");
    }
}
