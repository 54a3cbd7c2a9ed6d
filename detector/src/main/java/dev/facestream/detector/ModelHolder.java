package dev.facestream.detector;

import dev.facestream.model.KeypointModel;
import java.util.function.Consumer;

/**
 * The model the detector serves now, swappable while it runs. Each stream task holds a
 * {@link Lease} on the model its predictor uses and asks, at the start of each batch, whether that
 * is still the current one ({@link Lease#isCurrent()}); if not, it finishes its running batches,
 * then takes a lease on the new one. A model is closed once it is no longer current and its last
 * lease is returned, so a swap never closes a model under a running forward pass.
 */
public final class ModelHolder implements AutoCloseable {
    /**
     * A model as served: what the keypoints records and the metrics name.
     *
     * @param recordSha256 SHA-256 of the model topic record it came from, null for a directory
     */
    public record Served(KeypointModel model, String version, String recordSha256, String source) {
    }

    private final Consumer<Served> onServe;
    private final boolean owned;
    private Entry current;
    private boolean closed;

    private static final class Entry {
        final Served served;
        int leases = 1;

        Entry(Served served) {
            this.served = served;
        }
    }

    /** A lease on one model: keep it while a predictor of that model is open. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean returned;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public KeypointModel model() {
            return entry.served.model();
        }

        /** The model version, for the keypoints records. */
        public String version() {
            return entry.served.version();
        }

        /** Whether this is still the model to serve; false once another has been swapped in. */
        public boolean isCurrent() {
            synchronized (ModelHolder.this) {
                return entry == current;
            }
        }

        @Override
        public void close() {
            synchronized (ModelHolder.this) {
                if (!returned) {
                    returned = true;
                    release(entry);
                }
            }
        }
    }

    /**
     * @param first   the model served first
     * @param owned   close models once they are no longer used (false: the caller owns the first
     *                model and nothing is ever swapped in)
     * @param onServe told of each model as it becomes current, the first one included
     */
    private ModelHolder(Served first, boolean owned, Consumer<Served> onServe) {
        this.owned = owned;
        this.onServe = onServe;
        this.current = new Entry(first);
        onServe.accept(first);
    }

    /** A holder of one model the caller owns and closes (TopologyTestDriver tests, fixed models). */
    public static ModelHolder of(KeypointModel model) {
        return new ModelHolder(new Served(model, model.metadata().modelVersion(), null, "fixed"), false, s -> { });
    }

    /** A holder that owns its models, starting with {@code first}. */
    public static ModelHolder owning(Served first, Consumer<Served> onServe) {
        return new ModelHolder(first, true, onServe);
    }

    /** A lease on the current model. */
    public synchronized Lease lease() {
        if (closed) {
            throw new IllegalStateException("the model holder is closed");
        }
        current.leases++;
        return new Lease(current);
    }

    /** The model served now. */
    public synchronized Served current() {
        return current.served;
    }

    /** Makes {@code next} the model to serve; tasks move to it at their next batch. */
    public void serve(Served next) {
        synchronized (this) {
            if (!owned) {
                throw new IllegalStateException("this holder serves one fixed model");
            }
            if (closed) {
                next.model().close();
                return;
            }
            Entry old = current;
            current = new Entry(next);
            release(old);
        }
        onServe.accept(next);
    }

    private void release(Entry e) {
        if (--e.leases == 0 && owned) {
            e.served.model().close();
        }
    }

    /** Returns the holder's own lease on the current model (closed once the tasks return theirs). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release(current);
        }
    }
}
