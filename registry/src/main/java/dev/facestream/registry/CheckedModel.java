package dev.facestream.registry;

import dev.facestream.model.KeypointModel;

/**
 * A model that passed every check of {@link ModelChecks} and is loaded, ready to serve.
 *
 * @param model       the loaded model (the caller closes it)
 * @param version     its model version
 * @param sha256      SHA-256 of its weights
 * @param recordSha256 SHA-256 of the whole record value: the same record published again is not swapped in
 * @param source      where it came from, for logs: a directory, or the topic, name and offset
 * @param publishedAt when it was published (ISO-8601), null for a directory
 */
public record CheckedModel(KeypointModel model, String version, String sha256, String recordSha256, String source, String publishedAt) {
}
