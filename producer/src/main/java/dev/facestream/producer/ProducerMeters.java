package dev.facestream.producer;

import dev.facestream.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The producer's meters for one stream (names in {@link MetricNames}, documented in docs/metrics.md). */
final class ProducerMeters {
    final Counter grabbed;
    final Counter skipped;
    final Counter dropped;
    final Counter processed;
    final Counter detectionsSkipped;
    final Counter withheld;
    final Counter faces;
    final Counter sent;
    final Counter failed;
    final Timer faceDetection;
    final Timer publishLatency;

    ProducerMeters(MeterRegistry r, String stream) {
        grabbed = counter(r, MetricNames.FRAMES_GRABBED, stream, "frames read from the source");
        skipped = counter(r, MetricNames.FRAMES_SKIPPED, stream, "frames left out by --fps sampling");
        dropped = counter(r, MetricNames.FRAMES_DROPPED, stream,
                "frames dropped because face detection fell behind a live or paced source");
        processed = counter(r, MetricNames.FRAMES_PROCESSED, stream, "frames that went through face detection");
        detectionsSkipped = counter(r, MetricNames.DETECTIONS_SKIPPED, stream,
                "frames cut at the last boxes without face detection because the producer was behind a live source");
        withheld = counter(r, MetricNames.CROPS_WITHHELD, stream,
                "face crops not sent because the detector had not answered the frames before (live)");
        faces = counter(r, MetricNames.FACES_FOUND, stream, "faces found in processed frames");
        sent = counter(r, MetricNames.CROPS_SENT, stream, "face crops acknowledged by Kafka");
        failed = counter(r, MetricNames.CROPS_FAILED, stream, "face crops Kafka did not accept");
        faceDetection = Timer.builder(MetricNames.FACE_DETECTION_TIME).tag(MetricNames.TAG_STREAM, stream)
                .description("face detection, tracking and cropping of one frame")
                .serviceLevelObjectives(MetricNames.latencyBuckets()).register(r);
        publishLatency = Timer.builder(MetricNames.PUBLISH_LATENCY).tag(MetricNames.TAG_STREAM, stream)
                .description("frame capture to Kafka's acknowledgement of its crop")
                .serviceLevelObjectives(MetricNames.latencyBuckets()).register(r);
    }

    private static Counter counter(MeterRegistry r, String name, String stream, String description) {
        return Counter.builder(name).tag(MetricNames.TAG_STREAM, stream).description(description).register(r);
    }
}
