package dev.facestream.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a labelled-data location, whichever of the supported formats it is in. */
public final class FaceData {
    private FaceData() {
    }

    /**
     * @param location a 68-point folder ({@code keypoints.csv} + {@code images/}), a Kaggle-format
     *                 CSV file, or a folder holding {@code training.csv}
     */
    public static FaceDataSet read(Path location, boolean skipBad) throws IOException {
        if (Files.isRegularFile(location) && location.toString().endsWith(".csv")) {
            return KaggleCsvReader.read(location, skipBad);
        }
        if (!Files.exists(location)) {
            throw new DataFormatException(location, 0, "data folder does not exist");
        }
        if (Youtube68Reader.accepts(location)) {
            return Youtube68Reader.read(location, skipBad);
        }
        if (Files.isRegularFile(location.resolve("training.csv"))) {
            return KaggleCsvReader.read(location.resolve("training.csv"), skipBad);
        }
        throw new DataFormatException(location, 0, "not a data folder: expected keypoints.csv with images/ "
                + "(68-point format) or a Kaggle training.csv");
    }
}
