package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LivePageOptionsTest {
    private static LivePageOptions parsed(String... args) {
        return Parts.parsed(new LivePageOptions(), args);
    }

    @Test
    void theDefaultsAreThisMachineOnlyOnPort8080() {
        LivePageOptions p = parsed();
        p.validate();
        assertEquals("127.0.0.1", p.address.bind);
        assertEquals(8080, p.port);
        assertEquals(100, p.maxOverlayWaitMs);
        assertEquals(80, p.jpegQuality);
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingItsOption() {
        String[][] cases = {{"--port", "70000"}, {"--port", "-1"}, {"--max-overlay-wait-ms", "-5"},
            {"--jpeg-quality", "0"}, {"--jpeg-quality", "101"}};
        for (String[] c : cases) {
            LivePageOptions p = parsed(c);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::validate, String.join(" ", c));
            assertTrue(e.getMessage().startsWith(c[0] + " " + c[1] + ":"), e.getMessage());
        }
    }
}
