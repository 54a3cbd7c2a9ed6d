package dev.facestream.detector;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.facestream.core.crop.CropRule;
import dev.facestream.core.crop.GrayImage;
import dev.facestream.core.keypoints.CropKeypoints;
import dev.facestream.core.wire.CropBufferEntry;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.core.wire.WireFormatException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * <p><b>Batching.</b> Valid crops are appended to the task's {@code crop-buffer} store; a batch
 * runs when {@code maxBatch} crops wait, or when the oldest has waited {@code maxWait} (checked
 * by a wall-clock punctuator every {@code maxWait / 4}), or at the next punctuation once the
 * application has said its input ended ({@link KeypointDetector#inputEnded}). Records leave in the
 * order they arrived, so each stream's keypoints stay in frame order.
 *
 * <p><b>Pipelining.</b> When pipelined, a full batch runs on the task's own inference thread
 * while the stream thread goes on reading, decoding and buffering the next one; the finished
 * batch is forwarded by the stream thread at its next record or punctuation. When the next full
 * batch is ready before the running one has finished, it is queued behind it on the inference
 * thread first, and only then does the stream thread wait for the running one and forward its
 * keypoints: the forward passes run back to back. (Forwarding first, then starting the next
 * batch, left the inference thread idle while 32 records were turned into JSON and sent.) At
 * most two batches are in flight. Without pipelining the stream thread would sit idle during
 * every forward pass and the Kafka work (fetching, the changelog and output sends, commits)
 * would add to the inference time instead of overlapping it. A partial batch run by the
 * max-wait punctuation is waited for at once: its input is sparse, so latency matters more than
 * overlap there.
 *
 * <p><b>Exactly once.</b> Under {@code exactly_once_v2} a task commit atomically commits the
 * input offsets, everything forwarded, and the changelogs of its stores. A buffer held only in
 * memory would break this: a commit between "crop consumed" and "batch run" would commit the
 * crop's offset without its keypoints, and a crash then loses the crop. The buffer is therefore a
 * changelogged store: a buffered crop's offset commits together with its buffer entry, and its
 * keypoints commit together with the entry's deletion. A crop in a batch that is still running
 * (or queued) is still in the store, so a commit meanwhile keeps it. If the instance dies
 * mid-batch the open transaction aborts, and the task restarts from the last commit with the
 * buffer as it was then: no crop lost, no keypoints duplicated (for {@code read_committed}
 * consumers). This holds whatever the commit interval, so commits need not be coordinated with
 * batch flushes. The store is cached, so the changelog sees a crop in full only if it is still
 * buffered at a commit; a crop put and deleted between two commits leaves a small tombstone
 * there instead. (Uncached, every 9 KB crop was written a second time, and the detector stream
 * ran at 67-80 % of the bare model's speed on two cores; cached, 81-97 % in four runs:
 * docs/bench.md.)
 *
 * <p><b>Bad input.</b> A record that does not decode, or whose crop is not the model's input
 * size, goes to {@link Topics#FACE_CROPS_DLQ} as a bounded {@code DeadLetter} (reason, message,
 * where it was read, its size, a prefix of its value: see {@link DeadLetters}), and is counted;
 * the stream carries on.
 *
 * <p>The predictor (not thread-safe) belongs to one processor instance, that is one task, and
 * is only ever called by that task's inference thread (or, not pipelined, its stream thread).
 *
 * <p><b>Model swaps.</b> At the start of each batch the task asks its {@link ModelHolder} lease
 * whether its model is still the current one; if another has been swapped in, it forwards its
 * running batches, closes its predictor and takes the new model. So each batch is answered by one
 * model, and its records name that model's version.
 */
final class KeypointsProcessor implements Processor<String, byte[], String, byte[]> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeypointsProcessor.class);
    private final ModelHolder models;
    private ModelHolder.Lease lease;
    private final KeypointsTopology.Batching batching;
    private final DetectorCounters counters;
    private final double reviewBelow;
    /** Null: no review queue. */
    private final ReviewSampler review;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, byte[]> buffer;
    private DeadLetters deadLetters;
    private Predictor<List<GrayImage>, List<CropKeypoints>> predictor;
    private ExecutorService inferenceThread;
    /** Buffered crops not yet in a batch, oldest first; the store holds them and the running batches. */
    private final ArrayDeque<Buffered> waiting = new ArrayDeque<>();
    /** Batches handed to the inference thread and not forwarded yet, oldest first (at most two). */
    private final ArrayDeque<Running> running = new ArrayDeque<>();
    private long nextSeq;

    private record Buffered(long seq, long timestamp, long arrivedAtMs, FaceCropRecord crop) {
    }

    private record Keypoints(List<CropKeypoints> found, long inferenceNanos) {
    }

    private record Running(List<Buffered> crops, CompletableFuture<Keypoints> result) {
    }

    /** @param review null, or which faces under {@code reviewBelow} also go to the review queue */
    KeypointsProcessor(ModelHolder models, KeypointsTopology.Batching batching, DetectorCounters counters,
            double reviewBelow, ReviewSampler review) {
        this.reviewBelow = reviewBelow;
        this.review = review;
        this.models = models;
        this.batching = batching;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.buffer = context.getStateStore(KeypointsTopology.BUFFER_STORE);
        this.deadLetters = new DeadLetters(context, KeypointsTopology.DLQ_SINK, counters);
        this.lease = models.lease();
        this.predictor = lease.model().newPredictor();
        if (batching.pipelined()) {
            inferenceThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "keypoints-inference-" + context.taskId());
                t.setDaemon(true);
                return t;
            });
        }
        // after a restart the store holds what was buffered at the last commit (in key order):
        // continue its sequence and run it at the first punctuation
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> e = it.next();
                nextSeq = Math.max(nextSeq, e.key + 1);
                CropBufferEntry entry = CropBufferEntry.decode(e.value);
                waiting.add(new Buffered(e.key, entry.timestampMs(), now, FaceCropRecord.decode(entry.record())));
            }
        }
        long tick = Math.max(1, batching.maxWait().toMillis() / 4);
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
        long seq = nextSeq++;
        buffer.put(seq, new CropBufferEntry(record.timestamp(), record.value()).encode());
        waiting.add(new Buffered(seq, record.timestamp(), context.currentSystemTimeMs(), crop));
        forwardIfDone();
        if (waiting.size() >= batching.maxBatch()) {
            startBatch(false);
        }
    }

    private void punctuate(long nowMs) {
        boolean forwarded = forwardIfDone();
        // once the input has ended, nothing more will fill a batch: waiting out the max wait
        // would only delay the last keypoints
        if (!waiting.isEmpty() && (batching.inputEnded().getAsBoolean()
                || nowMs - waiting.peek().arrivedAtMs() >= batching.maxWait().toMillis())) {
            startBatch(true);
            forwarded = true;
        }
        if (forwarded && waiting.isEmpty() && running.isEmpty()) {
            // the input has gone quiet and every crop read so far has its keypoints: commit now
            // rather than at the next commit interval, so that read_committed consumers see the
            // last keypoints of a burst (the end of a video) at once. Under a steady input this
            // seldom happens, which is what lets a batch job run with a long commit interval.
            context.commit();
            counters.quietCommit();
        }
    }

    /**
     * Starts a forward pass over up to {@code maxBatch} waiting crops, queued behind the one still
     * running, then forwards the older one (order). {@code await}: forward this one before
     * returning too.
     */
    private void startBatch(boolean await) {
        if (!lease.isCurrent()) {
            switchModel();
        }
        List<Buffered> batch = new ArrayList<>(Math.min(batching.maxBatch(), waiting.size()));
        while (batch.size() < batching.maxBatch() && !waiting.isEmpty()) {
            batch.add(waiting.poll());
        }
        List<GrayImage> images = new ArrayList<>(batch.size());
        batch.forEach(b -> images.add(b.crop().crop()));
        CompletableFuture<Keypoints> result = batching.pipelined()
                ? CompletableFuture.supplyAsync(() -> predict(images), inferenceThread)
                : CompletableFuture.completedFuture(predict(images));
        running.add(new Running(batch, result));
        int inFlight = await || !batching.pipelined() ? 0 : 1;
        while (running.size() > inFlight) {
            forwardOldest();
        }
    }

    /** Forwards the running batches with the old model, then moves to the current one. */
    private void switchModel() {
        while (!running.isEmpty()) {
            forwardOldest();
        }
        predictor.close();
        lease.close();
        lease = models.lease();
        predictor = lease.model().newPredictor();
    }

    private Keypoints predict(List<GrayImage> images) {
        long t0 = System.nanoTime();
        try {
            return new Keypoints(predictor.predict(images), System.nanoTime() - t0);
        } catch (TranslateException e) {
            // not the input's fault (it decoded and has the right size): fail the task rather
            // than dead-letter good crops; the uncommitted batch is retried after restart
            throw new IllegalStateException("keypoint model failed on a batch of " + images.size() + " crops", e);
        }
    }

    /** Forwards the batches that have finished, oldest first; says whether there were any. */
    private boolean forwardIfDone() {
        boolean forwarded = false;
        while (!running.isEmpty() && running.peek().result().isDone()) {
            forwardOldest();
            forwarded = true;
        }
        return forwarded;
    }

    /** Waits for the oldest running batch and forwards its keypoints, in order, deleting its crops. */
    private void forwardOldest() {
        Running batch = running.peek();
        Keypoints k;
        try {
            k = batch.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a batch of " + batch.crops().size() + " crops", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        running.poll();
        String version = lease.version();
        String device = lease.model().deviceName();
        long[] capturedAt = new long[batch.crops().size()];
        for (int i = 0; i < capturedAt.length; i++) {
            Buffered b = batch.crops().get(i);
            FaceCropRecord c = b.crop();
            CropKeypoints found = k.found().get(i);
            byte[] json = KeypointsRecord.of(c, found, version, device).toJson();
            context.forward(new Record<>(c.streamId(), json, b.timestamp()), KeypointsTopology.KEYPOINTS_SINK);
            // a face the model doubts also goes to the review queue, in the same transaction
            if (review != null && found.confidence() < reviewBelow
                    && review.offer(c.streamId(), c.track(), c.capturedAtMicros())) {
                queueForReview(c, found, version, b.timestamp());
            }
            buffer.delete(b.seq());
            capturedAt[i] = c.capturedAtMicros();
        }
        counters.batch(capturedAt.length, k.inferenceNanos(), capturedAt);
    }

    private void queueForReview(FaceCropRecord c, CropKeypoints found, String version, long timestamp) {
        byte[] queued;
        try {
            queued = FaceReviewRecord.of(c, found.xy(), found.confidence(), version,
                    String.format(java.util.Locale.ROOT, "confidence %.3f below %.2f", found.confidence(), reviewBelow))
                    .encode();
        } catch (WireFormatException e) {
            // e.g. points the network placed far outside the crop: the keypoints went out already,
            // only the review copy is skipped, and said so
            LOG.warn("face {} of frame {} of stream {} not queued for review: {}", c.face(), c.frame(), c.streamId(),
                    e.getMessage());
            return;
        }
        context.forward(new Record<>(c.streamId(), queued, timestamp), KeypointsTopology.REVIEW_SINK);
    }

    private void deadLetter(Record<String, byte[]> record, WireFormatException e) {
        deadLetters.send(record, e);
    }

    @Override
    public void close() {
        // anything buffered or running is still in the store (its changelog) and runs when the
        // task next starts; a running forward pass is let finish, then dropped, before the
        // predictor it uses is closed
        if (inferenceThread != null) {
            inferenceThread.shutdown();
            try {
                inferenceThread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (predictor != null) {
            predictor.close();
        }
        if (lease != null) {
            lease.close();
        }
    }
}
