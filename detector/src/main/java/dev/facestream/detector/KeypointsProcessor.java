package dev.facestream.detector;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.model.KeypointModel;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.core.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Face crops in, keypoints out, one forward pass per micro-batch.
 *
 * <p><b>Batching.</b> Valid crops are appended to the task's {@code crop-buffer} store; the batch
 * runs when it holds {@code maxBatch} crops, or when its oldest crop has waited {@code maxWait}
 * (checked by a wall-clock punctuator every {@code maxWait / 4}). Records leave in the order
 * they arrived, so each stream's keypoints stay in frame order.
 *
 * <p><b>Exactly once.</b> Under {@code exactly_once_v2} a task commit atomically commits the
 * input offsets, everything forwarded, and the changelogs of its stores. A buffer held only in
 * memory would break this: a commit between "crop consumed" and "batch run" would commit the
 * crop's offset without its keypoints, and a crash then loses the crop. The buffer is therefore a
 * changelogged store: a buffered crop's offset commits together with its buffer entry, and its
 * keypoints commit together with the entry's deletion. If the instance dies mid-batch the open
 * transaction aborts, and the task restarts from the last commit with the buffer as it was then:
 * no crop lost, no keypoints duplicated (for {@code read_committed} consumers). This holds
 * whatever the commit interval, so commits need not be coordinated with batch flushes; the cost
 * is writing each crop (9 KB) once more to the changelog.
 *
 * <p><b>Bad input.</b> A record that does not decode, or whose crop is not the model's input
 * size, is forwarded unchanged to {@link Topics#FACE_CROPS_DLQ} with the reason and the message
 * in headers, and counted; the stream carries on.
 *
 * <p>A task is processed by one stream thread at a time, so the predictor (not thread-safe) is
 * per processor instance, that is per task, and never shared between threads.
 */
final class KeypointsProcessor implements Processor<String, byte[], String, byte[]> {
    private final KeypointModel model;
    private final int maxBatch;
    private final Duration maxWait;
    private final DetectorCounters counters;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, byte[]> buffer;
    private Predictor<List<GrayImage>, float[][]> predictor;
    private long nextSeq;
    private int buffered;
    private long oldestBufferedAtMs;

    KeypointsProcessor(KeypointModel model, int maxBatch, Duration maxWait, DetectorCounters counters) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.buffer = context.getStateStore(KeypointsTopology.BUFFER_STORE);
        this.predictor = model.newPredictor();
        // after a restart the store holds what was buffered at the last commit: continue its
        // sequence and run it at the first punctuation
        try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
            while (it.hasNext()) {
                nextSeq = Math.max(nextSeq, it.next().key + 1);
                buffered++;
            }
        }
        oldestBufferedAtMs = context.currentSystemTimeMs();
        long tick = Math.max(1, maxWait.toMillis() / 4);
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        FaceCropRecord crop;
        try {
            crop = FaceCropRecord.decode(record.value());
            if (crop.crop().width() != CropRule.SIZE) {
                throw new WireFormatException(WireFormatException.Reason.MISMATCH, "crop is " + crop.crop().width()
                        + "x" + crop.crop().height() + " but the model reads " + CropRule.SIZE + "x" + CropRule.SIZE);
            }
        } catch (WireFormatException e) {
            deadLetter(record, e);
            return;
        }
        counters.crop();
        if (buffered == 0) {
            oldestBufferedAtMs = context.currentSystemTimeMs();
        }
        buffer.put(nextSeq++, ByteBuffer.allocate(8 + record.value().length)
                .putLong(record.timestamp()).put(record.value()).array());
        buffered++;
        if (buffered >= maxBatch) {
            flush();
        }
    }

    private void punctuate(long nowMs) {
        if (buffered > 0 && nowMs - oldestBufferedAtMs >= maxWait.toMillis()) {
            flush();
        }
    }

    /** Runs the buffered crops through the network and forwards their keypoints, in order. */
    private void flush() {
        List<KeyValue<Long, byte[]>> entries = new ArrayList<>(buffered);
        try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
            it.forEachRemaining(entries::add);
        }
        if (entries.isEmpty()) {
            buffered = 0;
            return;
        }
        List<FaceCropRecord> crops = new ArrayList<>(entries.size());
        List<GrayImage> images = new ArrayList<>(entries.size());
        long[] timestamps = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            ByteBuffer b = ByteBuffer.wrap(entries.get(i).value);
            timestamps[i] = b.getLong();
            byte[] value = new byte[b.remaining()];
            b.get(value);
            FaceCropRecord c = FaceCropRecord.decode(value);
            crops.add(c);
            images.add(c.crop());
        }
        float[][] cropXy;
        long t0 = System.nanoTime();
        try {
            cropXy = predictor.predict(images);
        } catch (TranslateException e) {
            // not the input's fault (it decoded and has the right size): fail the task rather
            // than dead-letter good crops; the uncommitted batch is retried after restart
            throw new IllegalStateException("keypoint model failed on a batch of " + images.size() + " crops", e);
        }
        long inferenceNanos = System.nanoTime() - t0;
        String version = model.metadata().modelVersion();
        String device = model.deviceName();
        for (int i = 0; i < crops.size(); i++) {
            FaceCropRecord c = crops.get(i);
            byte[] json = KeypointsRecord.of(c, cropXy[i], version, device).toJson();
            context.forward(new Record<>(c.streamId(), json, timestamps[i]), KeypointsTopology.KEYPOINTS_SINK);
            buffer.delete(entries.get(i).key);
        }
        long[] capturedAt = new long[crops.size()];
        for (int i = 0; i < capturedAt.length; i++) {
            capturedAt[i] = crops.get(i).capturedAtMicros();
        }
        counters.batch(crops.size(), inferenceNanos, capturedAt);
        buffered = 0;
    }

    private void deadLetter(Record<String, byte[]> record, WireFormatException e) {
        Headers headers = record.headers();
        headers.remove(Topics.DLQ_REASON_HEADER);
        headers.remove(Topics.DLQ_ERROR_HEADER);
        headers.add(Topics.DLQ_REASON_HEADER, e.reason().name().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_ERROR_HEADER, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        context.forward(record.withHeaders(headers), KeypointsTopology.DLQ_SINK);
        counters.deadLettered(e.reason().name());
    }

    @Override
    public void close() {
        // anything still buffered is in the changelog and runs when the task next starts
        if (predictor != null) {
            predictor.close();
        }
    }
}
