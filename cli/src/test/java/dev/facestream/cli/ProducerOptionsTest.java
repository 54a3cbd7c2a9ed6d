package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProducerOptionsTest {
    private static ProducerOptions parsed(String... args) {
        return Parts.parsed(new ProducerOptions(), args);
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
