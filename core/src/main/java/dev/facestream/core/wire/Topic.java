package dev.facestream.core.wire;

/**
 * A Kafka topic of facestream: its name and the codec of its values. The stream topics are keyed
 * by the stream id (a UTF-8 string), so all records of one stream share a partition and stay in
 * frame order end to end; they are listed in {@link Topics#ALL}. The model topic
 * ({@link Topics#MODELS_TOPIC}) is keyed by model name and created apart, with its own settings.
 *
 * @param name        the topic's name on the cluster
 * @param codec       how its values are written and read
 * @param description what it holds, for people (docs, errors)
 * @param <V>         the value
 */
public record Topic<V>(String name, WireCodec<V> codec, String description) {
    @Override
    public String toString() {
        return name;
    }
}
