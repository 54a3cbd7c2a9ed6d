package dev.facestream.cli;

import dev.facestream.core.wire.Topics;
import dev.facestream.producer.DamagedVideoException;
import dev.facestream.producer.FaceCropProducer;
import dev.facestream.producer.FrameSources;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.connect.KafkaTopics;
import dev.facestream.connect.MetricsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facestream produce}: a camera, video or folder of images -> face crops on Kafka. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Read a camera, a video (file, URL, RTSP) or a folder of images, find the faces in every frame "
                + "and publish one crop per face to the face-crops topic.",
            "Runs until the source ends (files, folders) or Ctrl-C (cameras, streams)."})
public final class ProduceCommand implements Callable<Integer> {
    /** Exactly one source. */
    static final class Source {
        @Option(names = "--camera", paramLabel = "N", description = "camera index (/dev/videoN)")
        Integer camera;

        @Option(names = "--video", paramLabel = "FILE|URL",
                description = "video file, animated GIF, or stream URL (rtsp://, http://, ...)")
        String video;

        @Option(names = "--images", paramLabel = "DIR", description = "folder of images, read in name order at 1 fps")
        Path images;

        /** The source as the producer names it (see {@code FrameSources.open}), checked. */
        String spec() throws IOException {
            if (camera != null) {
                if (camera < 0 || camera > 999) {
                    throw new IllegalArgumentException("--camera " + camera + ": expected 0..999");
                }
                return Integer.toString(camera);
            }
            if (images != null) {
                if (!Files.isDirectory(images)) {
                    throw new IOException("--images " + images + ": not a folder");
                }
                return images.toString();
            }
            return video;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--no-pace", description = "read files as fast as possible instead of at their frame rate"
            + " (batch work: no frame is dropped)")
    boolean noPace;

    @Option(names = "--max-frames", defaultValue = "0", description = "stop after N frames (0: no limit)")
    long maxFrames;

    @Option(names = "--accept-damaged", description = "a video file that ends before its declared duration (cut"
            + " short, a bad copy) is reported, and its frames up to the damage published, but the exit code is 0"
            + " (default: exit 1)")
    boolean acceptDamaged;

    @Mixin
    ProducerOptions producer;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() throws Exception {
        String spec = source.spec();
        FaceCropProducer.Options.Builder options = producer.options(spec).pace(!noPace)
                .maxFrames(maxFrames);
        FrameSources.open(spec).close();  // a wrong path fails here, before Kafka is contacted
        KafkaConnection k = kafka.resolve();
        KafkaTopics.ensure(k, kafka.createTopics, Duration.ofSeconds(30), Topics.FACE_CROPS);
        FaceCropProducer.Options o = options.bootstrapServers(k.bootstrapServers()).clientConfig(k.properties()).build();
        try (MetricsServer m = metrics.start(MetricsOptions.PRODUCE_PORT)) {
            FaceCropProducer p = new FaceCropProducer(o).metrics(m.registry());
            FaceCropProducer.Stats s;
            try (Shutdown ignored = Shutdown.onSignal(p::stop)) {
                System.err.println("producing stream '" + o.streamId() + "' to " + k + " (Ctrl-C to stop)");
                s = p.run();
            } catch (DamagedVideoException e) {
                System.err.println("facestream produce: " + e.getMessage() + "; " + e.framesRead()
                        + " frames were read and their crops published"
                        + (acceptDamaged ? " (accepted: --accept-damaged)" : "; pass --accept-damaged to accept that"));
                return acceptDamaged ? 0 : 1;
            }
            System.err.printf(Locale.ROOT, "%d frames read, %d skipped by --fps, %d dropped (detection behind),"
                    + " %d processed, %d crops published%n", s.framesRead(), s.framesSkipped(), s.framesDropped(),
                    s.framesProcessed(), s.cropsPublished());
        }
        return 0;
    }
}
