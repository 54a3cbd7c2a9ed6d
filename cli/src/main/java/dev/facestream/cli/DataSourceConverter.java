package dev.facestream.cli;

import dev.facestream.trainer.data.TrainingData;
import picocli.CommandLine.ITypeConverter;

/**
 * Reads one {@code --data DIR[:WEIGHT]} value ({@link TrainingData.Source#parse}), the same way in
 * every command that reads labelled faces, so a {@code train} command line's {@code --data} values
 * can be copied to {@code evaluate} or {@code fit-confidence} unchanged.
 */
final class DataSourceConverter implements ITypeConverter<TrainingData.Source> {
    /** What the three commands' help says about the form; a compile-time constant for annotations. */
    static final String PARAM_LABEL = "DIR[:WEIGHT]";

    @Override
    public TrainingData.Source convert(String value) {
        return TrainingData.Source.parse(value);
    }
}
