package dev.facestream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code facestream review}'s command line (the page itself: ReviewPageIT in the review module). */
class ReviewCommandTest {
    private static Object[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Object[] {exit, out.toString(), err.toString()};
    }

    @Test
    void helpNamesTheOptionsAndTheirDefaults() {
        Object[] r = run("review", "--help");
        assertEquals(0, r[0]);
        String help = (String) r[1];
        for (String option : new String[] {"--labels=DIR", "--topic=TOPIC", "default: face-review", "--bind=HOST",
            "default: 127.0.0.1", "--port", "default: 8090", "--bootstrap-servers", "--kafka-config", "--create-topics",
            "--duration"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    @Test
    void theLabelledFolderIsRequired() {
        Object[] r = run("review");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("Missing required option: '--labels=DIR'"), (String) r[2]);
    }

    @Test
    void aPortOutOfRangeIsNamedBeforeKafkaIsAsked() {
        Object[] r = run("review", "--labels", "target/review-labels", "--port", "70000",
                "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--port 70000: expected 0..65535"), (String) r[2]);
    }
}
