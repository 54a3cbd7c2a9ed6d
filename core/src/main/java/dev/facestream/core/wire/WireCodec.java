package dev.facestream.core.wire;

import java.util.function.Function;

/**
 * How the values of one wire format become bytes and back: what a {@link Topic} carries and what
 * a Kafka serde wraps.
 *
 * @param <V> the value
 */
public interface WireCodec<V> {
    byte[] encode(V value);

    /**
     * @throws WireFormatException naming what is wrong when the bytes are not a value of this format
     */
    V decode(byte[] bytes);

    /** A codec from two functions. */
    static <V> WireCodec<V> of(Function<V, byte[]> encode, Function<byte[], V> decode) {
        return new WireCodec<>() {
            @Override
            public byte[] encode(V value) {
                return encode.apply(value);
            }

            @Override
            public V decode(byte[] bytes) {
                return decode.apply(bytes);
            }
        };
    }

    /** Bytes as they are: for a topic that carries other topics' records unchanged (dead letters). */
    WireCodec<byte[]> BYTES = of(b -> b, b -> b);
}
