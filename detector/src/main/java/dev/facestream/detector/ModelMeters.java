package dev.facestream.detector;

import dev.facestream.core.metrics.MetricNames;
import dev.facestream.registry.ModelRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The detector's model meters: {@code facestream_model_info} naming the model served now (the
 * series of the old version ends and the new one's starts at a swap, so a dashboard shows which
 * version served when), the swaps and the rejected models by reason. Thread-safe.
 */
final class ModelMeters {
    private final MeterRegistry registry;
    private final String device;
    private final Counter swaps;
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private Gauge info;

    ModelMeters(MeterRegistry registry, String device) {
        this.registry = registry;
        this.device = device;
        swaps = Counter.builder(MetricNames.MODEL_SWAPS)
                .description("models from the model topic swapped in while the detector ran").register(registry);
        // every reason at 0 from the start, so the first rejection shows as an increase
        for (ModelRejectedException.Reason r : ModelRejectedException.Reason.values()) {
            rejectedCounter(r);
        }
    }

    private Counter rejectedCounter(ModelRejectedException.Reason r) {
        return Counter.builder(MetricNames.MODEL_REJECTED).tag(MetricNames.TAG_REASON, r.name())
                .description("models from the model topic that failed a check (the old model kept serving)")
                .register(registry);
    }

    /** The model now served; {@code swapped}: it replaced another while running. */
    synchronized void serving(ModelHolder.Served s, boolean swapped) {
        if (info != null) {
            registry.remove(info);
        }
        // a constant 1 whose tags say which model serves where: dashboards join on it
        info = Gauge.builder(MetricNames.MODEL_INFO, () -> 1)
                .description("the model the detector serves (value always 1; see the tags)")
                .tag(MetricNames.TAG_MODEL_VERSION, s.version())
                .tag(MetricNames.TAG_DEVICE, device)
                .tag(MetricNames.TAG_ARCHITECTURE, String.valueOf(s.model().metadata().architecture()))
                .register(registry);
        if (swapped) {
            swaps.increment();
        }
    }

    void rejected(ModelRejectedException.Reason r) {
        rejected.computeIfAbsent(r.name(), k -> new LongAdder()).increment();
        rejectedCounter(r).increment();
    }

    /** Rejected models by reason, for tests and the log. */
    Map<String, Long> rejectedByReason() {
        Map<String, Long> m = new TreeMap<>();
        rejected.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    long swaps() {
        return (long) swaps.count();
    }
}
