package dev.facestream.trainer.train;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr: epoch, done/total, loss, faces per second, ETA. */
final class Progress {
    private final PrintStream out;
    private final boolean interactive;
    private long lastPrint;

    Progress(PrintStream out) {
        this.out = out;
        this.interactive = System.console() != null;
    }

    void update(int epoch, int epochs, int done, int total, double loss, double facesPerSecond, double etaSeconds) {
        long now = System.nanoTime();
        if (done < total && now - lastPrint < (interactive ? 200_000_000L : 15_000_000_000L)) {
            return;
        }
        lastPrint = now;
        int width = 24;
        int filled = (int) Math.round(width * (double) done / Math.max(1, total));
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "epoch %3d/%d [%s] %5d/%d loss %.5f  %.0f faces/s  ETA %s",
                epoch, epochs, bar, done, total, loss, facesPerSecond, eta(etaSeconds));
        out.print(interactive ? "\r" + line : line + "\n");
        out.flush();
    }

    void endEpoch(String summary) {
        out.print(interactive ? "\r" + summary + " ".repeat(20) + "\n" : summary + "\n");
        out.flush();
    }

    static String eta(double s) {
        long t = Math.max(0, Math.round(s));
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }
}
