package dev.facestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.core.wire.ImageKeypointsRecord;
import dev.facestream.model.KeypointModel;
import dev.facestream.pipeline.still.FaceKeypoints;
import dev.facestream.pipeline.still.StillImagePipeline;
import dev.facestream.trainer.data.Images;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facestream detect}: keypoints of every face in a folder of images, no Kafka. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Run face detector + keypoint model on every image in a folder; one JSON line per image.")
public final class DetectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--images", required = true, description = "folder of images (png, jpg, jpeg, bmp, gif)")
    Path images;

    @Option(names = "--out", required = true, description = "JSONL file to write") Path out;

    @Mixin
    ModelOptions model;

    @Option(names = "--min-confidence", defaultValue = "0", paramLabel = "P",
            description = "leave out faces whose confidence is below P (a model without a confidence head keeps all)")
    double minConfidence;

    @Override
    public Integer call() throws Exception {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("--min-confidence " + minConfidence + ": expected a probability in [0, 1]");
        }
        if (!Files.isDirectory(images)) {
            throw new IOException(images + ": not a folder of images");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                    .matches(".*\\.(png|jpe?g|bmp|gif)$")).sorted().toList();
        }
        int faces = 0;
        int errors = 0;
        try (KeypointModel m = model.load();
             StillImagePipeline pipeline = new StillImagePipeline(m);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (Path f : files) {
                String image = f.getFileName().toString();
                ImageKeypointsRecord line;
                try {
                    List<ImageKeypointsRecord.Face> found = new ArrayList<>();
                    for (FaceKeypoints fk : pipeline.run(Images.readGray(f))) {
                        if (fk.confidence() < minConfidence) {
                            continue;
                        }
                        found.add(toRecord(fk));
                        faces++;
                    }
                    line = ImageKeypointsRecord.of(image, found);
                } catch (IOException e) {
                    // a bad image is reported in place, so the output still has one line per input
                    line = ImageKeypointsRecord.failed(image, e.getMessage());
                    System.err.println("facestream detect: " + e.getMessage());
                    errors++;
                }
                w.write(JSON.writeValueAsString(line));
                w.newLine();
            }
        }
        System.err.printf(Locale.ROOT, "%d images, %d faces, %d unreadable -> %s%n", files.size(), faces, errors, out);
        return errors == 0 ? 0 : 1;
    }

    static ImageKeypointsRecord.Face toRecord(FaceKeypoints fk) {
        double[] box = {round(fk.box().x()), round(fk.box().y()), round(fk.box().width()), round(fk.box().height())};
        Map<String, double[]> kp = new LinkedHashMap<>();
        fk.named().forEach((k, xy) -> kp.put(k, new double[] {round(xy[0]), round(xy[1])}));
        Double confidence = Double.isNaN(fk.confidence()) ? null : Math.round(fk.confidence() * 1000.0) / 1000.0;
        return new ImageKeypointsRecord.Face(box, round(fk.box().score()), confidence, kp);
    }

    private static double round(float v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
