package dev.facestream.cli;

import dev.facestream.connect.MetricsServer;
import dev.facestream.live.LiveRun;
import dev.facestream.live.LiveView;
import dev.facestream.live.LiveWindow;
import dev.facestream.producer.FaceCropProducer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facestream live}: the webcam (or a video) with its keypoints, live in the browser. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Show a camera (default: camera 0), a video or a folder of images live in the browser with"
                + " every face's box and keypoints, and the figures: frames/s, latency from capture to keypoints,"
                + " dropped frames, model version and device.",
            "Starts an embedded Kafka broker and a detector in this process unless --bootstrap-servers names a"
                + " cluster (--no-detector: the cluster's detect-stream does the work). The page is at"
                + " http://127.0.0.1:8080/ (--bind, --port), /metrics beside it. Runs until Ctrl-C."})
public final class LiveCommand implements Callable<Integer> {
    /**
     * Live tuning: one crop per forward pass. A webcam shows one or two faces, and waiting to
     * fill a batch would add the wait to every frame's latency. A commit a second: the page reads
     * keypoints before they are committed, so commits do not gate what it shows; each one stalls
     * the detector, and at a 100 ms interval those stalls made most of the p99 (figures:
     * docs/bench.md, "Repeats and variants").
     * A crash then repeats up to a second of crops, which a viewer does not notice.
     */
    static final DetectorOptions.Defaults LIVE = new DetectorOptions.Defaults(1, 20, 1, 1000, false);

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ProduceCommand.Source source;

    @Option(names = "--loop", description = "play a video file again from the start when it ends")
    boolean loop;

    @Option(names = "--no-detector", description = "run no detector here: a detect-stream on the cluster given"
            + " with --bootstrap-servers sends the keypoints")
    boolean noDetector;

    @Option(names = "--window", description = "also show the video in a desktop window (needs a display)")
    boolean window;

    @Mixin
    DurationOption duration;

    @Mixin
    LivePageOptions page;

    @Mixin
    PipelineOptions pipeline;

    @Spec
    CommandSpec spec;

    private volatile LiveRun running;

    @Override
    public Integer call() throws Exception {
        // the source as the producer names it; camera 0 when none is given
        String spec = source == null ? "0" : source.spec();
        FaceCropProducer.Options producerOptions = pipeline.producer.options(spec).build();
        page.validate();
        duration.validate();
        if (noDetector && !pipeline.kafka.clusterGiven()) {
            throw new IllegalArgumentException("--no-detector needs --bootstrap-servers: the cluster whose"
                    + " detect-stream sends the keypoints");
        }
        if (window) {
            LiveWindow.requireDesktop();   // before anything starts
        }
        LiveRun.Settings s = page.applyTo(new LiveRun.Settings().producer(producerOptions).loop(loop)
                .runDetector(!noDetector));
        if (!noDetector) {
            s.detector(pipeline.detector.resolve(LIVE));
        }
        pipeline.connect(s);
        PrintWriter out = this.spec.commandLine().getOut();
        // port -1: the registry alone; the page's own server answers /metrics
        try (MetricsServer metrics = MetricsServer.start(page.address.bind, -1);
             LiveRun run = LiveRun.start(s.registry(metrics.registry()))) {
            running = run;
            LiveWindow win = window ? LiveWindow.open("facestream live: " + run.streamId(), run::stop) : null;
            if (win != null) {
                run.view().addListener(win);
            }
            out.println("live: " + run.url() + "  (metrics at " + run.url() + "metrics; Ctrl-C to stop)");
            out.flush();
            // the summary is printed inside: on Ctrl-C the JVM exits as soon as the hook is released
            try (Shutdown ignored = Shutdown.onSignal(run::stop)) {
                boolean stopped = run.awaitStopped(duration.limit());
                if (!stopped) {
                    run.stop();
                    run.awaitStopped(Duration.ofMinutes(1));
                }
                if (win != null) {
                    win.close();
                }
                summary(out, run);
            }
            if (run.failure() != null) {
                throw new IllegalStateException(run.failure().getMessage(), run.failure());
            }
            return 0;
        } finally {
            running = null;
        }
    }

    /** Stops a running {@link #call()} as Ctrl-C would (tests). */
    void stop() {
        LiveRun r = running;
        if (r != null) {
            r.stop();
        }
    }

    private static void summary(PrintWriter out, LiveRun run) {
        LiveView.Figures f = run.view().figures();
        out.printf(Locale.ROOT, "live: stream '%s', %d frames shown, %d faces drawn with their own keypoints,"
                + " %d stale%n", run.streamId(), f.framesShown(), f.facesFresh(), f.facesStale());
        out.printf(Locale.ROOT, "  latency capture -> keypoints, last %d faces: p50 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n",
                f.latencySamples(), f.latencyP50Ms(), f.latencyP99Ms(), f.latencyMaxMs());
        out.flush();
    }
}
