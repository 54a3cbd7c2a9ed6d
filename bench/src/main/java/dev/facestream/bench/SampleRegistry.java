package dev.facestream.bench;

import dev.facestream.core.wire.WireTime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * A meter registry that also hands every timer sample, as it is recorded, to a listener. The
 * benchmark reads per-crop times from inside the detector this way (the end-to-end timer at the
 * detector, the forward-pass timer) through the documented meters, without a hook in the
 * detector's code.
 */
final class SampleRegistry extends SimpleMeterRegistry {
    /** Called on the recording thread. */
    interface Listener {
        /**
         * @param id              the timer
         * @param micros          the sample
         * @param recordedAtMicros wall clock when it was recorded
         */
        void sample(Meter.Id id, long micros, long recordedAtMicros);
    }

    private final Listener listener;

    SampleRegistry(Listener listener) {
        this.listener = listener;
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
        return new CumulativeTimer(id, clock, config, pauseDetector, getBaseTimeUnit(), false) {
            @Override
            protected void recordNonNegative(long amount, TimeUnit unit) {
                super.recordNonNegative(amount, unit);
                listener.sample(id, unit.toMicros(amount), WireTime.nowMicros());
            }
        };
    }
}
