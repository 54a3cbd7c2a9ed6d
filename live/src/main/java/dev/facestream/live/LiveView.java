package dev.facestream.live;

import dev.facestream.overlay.JpegEncoder;

import dev.facestream.core.crop.FaceBox;
import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.KeypointsRecord;
import dev.facestream.core.wire.WireTime;
import dev.facestream.producer.CapturedFrame;
import dev.facestream.producer.ColourFrame;
import dev.facestream.pipeline.KeypointsCollector;
import dev.facestream.pipeline.LatencyStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the producer's frames with the keypoints that come back for them and releases them, in
 * frame order, as {@link Shown} frames for display.
 *
 * <p>A frame arrives from the producer with its crops ({@link #frame}); its keypoints arrive
 * from the {@code keypoints} topic ({@link #keypoints}) and are matched to it by frame number and
 * capture time (the stream id is already filtered by the collector; the capture time tells the
 * rounds of a looping video apart). The frame is released as soon as every face has its
 * keypoints, or when it has waited {@code maxWait}: video is never held back longer than that.
 * A face whose keypoints are late is then drawn with the newest keypoints of its track, moved and
 * scaled with its box, and marked stale; one with none yet is drawn as a box alone.
 *
 * <p>Frames are JPEG-encoded on the view's own thread while they wait for their keypoints, so
 * the encoding costs the pipeline's latency nothing. Thread-safe; {@link #start()} starts the
 * thread, {@link #close()} stops it.
 */
public final class LiveView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    /** Frames waiting at most; beyond this (keypoints far behind) the oldest go out stale at once. */
    private static final int MAX_PENDING = 90;
    /** Keypoints kept per track for stale drawing are forgotten after this long without news. */
    private static final long TRACK_MEMORY_MICROS = 5_000_000;
    /** Latencies the page's p50/p99 are computed over: the most recent crops. */
    private static final int LATENCY_WINDOW = 600;
    /** Frames/s is measured over this window. */
    private static final long FPS_WINDOW_NANOS = 2_000_000_000L;
    /**
     * Frames whose crops may be on their way to the detector at once: one being inferred, one
     * waiting. The next frame's crops are withheld until one is answered ({@link #admit}), so a
     * slow or starved detector never faces a backlog in the topic.
     */
    static final int MAX_FRAMES_IN_FLIGHT = 2;
    /** A frame sent this long ago without all its keypoints back no longer counts as in flight (lost, or no detector). */
    static final long IN_FLIGHT_EXPIRY_MICROS = 1_000_000;

    /**
     * One face as shown.
     *
     * @param face               face index within the frame
     * @param track              track id
     * @param box                face box in frame pixels (this frame's, from the producer)
     * @param keypoints          points by {@code Keypoint.key()}, frame pixels; null when none are known yet
     * @param stale              whether the points are an older frame's (this frame's were late)
     * @param keypointsFrame     frame the points were computed for; -1 without points
     * @param receivedAtMicros   when the points arrived; 0 without points
     */
    public record ShownFace(int face, long track, float[] box, Map<String, float[]> keypoints, boolean stale,
            long keypointsFrame, long receivedAtMicros, Double confidence, boolean lowConfidence) {
    }

    /**
     * A frame released for display.
     *
     * @param seq              1, 2, 3, ... in release order (what the page asks after)
     * @param frame            the producer's frame number (restarts when a looping video restarts)
     * @param capturedAtMicros capture time, wall clock
     * @param width            frame width
     * @param height           frame height
     * @param jpeg             the frame as JPEG, in colour when the source is (and the producer kept its colour)
     * @param faces            its faces, in face order
     * @param shownAtMicros    when it was released
     */
    public record Shown(long seq, long frame, long capturedAtMicros, int width, int height, byte[] jpeg,
            List<ShownFace> faces, long shownAtMicros) {
    }

    /** Hears about every released frame, on the view's thread. */
    public interface Listener {
        void onShown(Shown frame);
    }

    /** Point-in-time figures for the page and the summary. */
    public record Figures(double fps, long framesShown, long facesFresh, long facesStale, long keypointsReceived,
            long keypointsLate, double latencyLastMs, double latencyP50Ms, double latencyP99Ms, double latencyMaxMs,
            int latencySamples, String modelVersion, String device, long nanosSinceKeypoints, long nanosSinceCrops,
            long nanosSinceFace, long nanosSinceFrame, boolean lastFrameHadFace, long framesDropped,
            long cropFramesWithheld) {
    }

    private static final class Pending {
        final CapturedFrame frame;
        final List<FaceCropRecord> crops;
        final long deadlineNanos;
        final KeypointsCollector.Received[] got;
        int missing;
        byte[] jpeg;

        /** @param withheld its crops were not sent: no keypoints will come, it waits for none */
        Pending(CapturedFrame frame, List<FaceCropRecord> crops, long deadlineNanos, boolean withheld) {
            this.frame = frame;
            this.crops = crops;
            this.deadlineNanos = deadlineNanos;
            this.got = new KeypointsCollector.Received[crops.size()];
            this.missing = withheld ? 0 : crops.size();
        }

        boolean ready(long nowNanos) {
            return missing == 0 || nowNanos >= deadlineNanos;
        }
    }

    private record FrameKey(long frame, long capturedAtMicros) {
    }

    private final long maxWaitNanos;
    private final int jpegQuality;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;

    // all below guarded by this
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Map<FrameKey, Pending> byKey = new HashMap<>();
    /** Keypoints that came before their frame was registered (the producer's listener ran late). */
    private final Map<FrameKey, List<KeypointsCollector.Received>> early = new HashMap<>();
    private final LinkedHashMap<Long, KeypointsCollector.Received> latestByTrack = new LinkedHashMap<>();
    /** Frames whose crops were sent and are not all answered yet: faces still to come, by frame. */
    private final LinkedHashMap<FrameKey, Integer> inFlight = new LinkedHashMap<>();
    /** Frames {@link #admit} withheld, until the producer hands them over ({@link #frame}). */
    private final Set<FrameKey> withheld = new HashSet<>();
    private long framesDropped;
    private long cropFramesWithheld;
    private final long[] latencies = new long[LATENCY_WINDOW];
    private final ArrayDeque<Long> shownTimes = new ArrayDeque<>();
    private int latencyCount;
    private long latencyLast = -1;
    private Shown latest;
    private long seq;
    private long facesFresh;
    private long facesStale;
    private long keypointsReceived;
    private long keypointsLate;
    private String modelVersion;
    private String device;
    private long lastKeypointsNanos;
    private long lastCropsNanos;
    private long lastFaceNanos;
    private long lastFrameNanos;
    private boolean lastFrameHadFace;
    private boolean closed;
    private final double lowConfidence;

    /**
     * @param maxWaitMillis how long a frame may wait for its keypoints before it is shown without them
     * @param jpegQuality   1..100
     */
    public LiveView(long maxWaitMillis, int jpegQuality) {
        this(maxWaitMillis, jpegQuality, 0);
    }

    /**
     * @param lowConfidence faces whose keypoints' confidence is under this are marked low-confidence
     *                      (the page draws them apart); 0 marks none
     */
    public LiveView(long maxWaitMillis, int jpegQuality, double lowConfidence) {
        if (!(lowConfidence >= 0 && lowConfidence <= 1)) {
            throw new IllegalArgumentException("the low-confidence threshold must be a probability in [0, 1], got "
                    + lowConfidence);
        }
        this.lowConfidence = lowConfidence;
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("the overlay wait must be 0 or more ms, got " + maxWaitMillis);
        }
        new JpegEncoder(jpegQuality).close();  // checks the quality now rather than on the view thread
        this.maxWaitNanos = maxWaitMillis * 1_000_000L;
        this.jpegQuality = jpegQuality;
        this.thread = new Thread(this::loop, "facestream-live-view");
        thread.setDaemon(true);
    }

    public LiveView start() {
        thread.start();
        return this;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /**
     * Whether the crops of {@code frame} should go to the detector (the producer's
     * {@code CropGate}, on its thread): not while {@link #MAX_FRAMES_IN_FLIGHT} frames sent before
     * wait for their keypoints. A withheld frame is shown at once, its faces with their tracks'
     * newest keypoints.
     */
    public synchronized boolean admit(CapturedFrame frame, List<FaceCropRecord> crops) {
        FrameKey key = new FrameKey(frame.number(), frame.capturedAtMicros());
        Iterator<FrameKey> it = inFlight.keySet().iterator();
        while (it.hasNext() && frame.capturedAtMicros() - it.next().capturedAtMicros() > IN_FLIGHT_EXPIRY_MICROS) {
            it.remove();
        }
        if (crops.isEmpty()) {
            return true;
        }
        if (inFlight.size() >= MAX_FRAMES_IN_FLIGHT) {
            withheld.add(key);
            cropFramesWithheld++;
            return false;
        }
        inFlight.put(key, crops.size());
        return true;
    }

    /** The producer processed {@code frame} and sent {@code crops} for it, or withheld them (producer's thread). */
    public synchronized void frame(CapturedFrame frame, List<FaceCropRecord> crops) {
        long now = System.nanoTime();
        FrameKey key = new FrameKey(frame.number(), frame.capturedAtMicros());
        boolean wasWithheld = withheld.remove(key);
        Pending p = new Pending(frame, List.copyOf(crops), now + maxWaitNanos, wasWithheld);
        pending.addLast(p);
        if (!crops.isEmpty() && !wasWithheld) {
            byKey.put(key, p);
            lastCropsNanos = now;
            lastFaceNanos = now;
            if (!early.isEmpty()) {
                List<KeypointsCollector.Received> before = early.remove(key);
                if (before != null) {
                    before.forEach(r -> attach(p, r));
                }
                // anything older is for a frame that never reached the view: it never will
                early.keySet().removeIf(k -> k.capturedAtMicros() < frame.capturedAtMicros());
            }
        }
        lastFrameNanos = now;
        lastFrameHadFace = !crops.isEmpty();
        notifyAll();
    }

    /** Keypoints for one face arrived (collector's thread). */
    public synchronized void keypoints(KeypointsCollector.Received r) {
        KeypointsRecord k = r.record();
        keypointsReceived++;
        lastKeypointsNanos = System.nanoTime();
        modelVersion = k.modelVersion();
        device = k.device();
        latencyLast = Math.max(0, r.latencyMicros());
        latencies[latencyCount++ % LATENCY_WINDOW] = latencyLast;
        latestByTrack.remove(k.track());
        latestByTrack.put(k.track(), r);  // re-inserted: the map stays in order of last news
        forgetOldTracks(r.receivedAtMicros());
        FrameKey key = new FrameKey(k.frame(), k.capturedAtMicros());
        inFlight.computeIfPresent(key, (x, left) -> left > 1 ? left - 1 : null);
        Pending p = byKey.get(key);
        if (p != null) {
            attach(p, r);
            notifyAll();
        } else if (latest != null && k.capturedAtMicros() <= latest.capturedAtMicros()) {
            keypointsLate++;   // its frame was already shown (stale): the points still serve later frames
        } else if (early.size() < MAX_PENDING) {
            early.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
        }
    }

    private void attach(Pending p, KeypointsCollector.Received r) {
        int face = r.record().face();
        if (face >= 0 && face < p.got.length && p.got[face] == null) {
            p.got[face] = r;
            p.missing--;
        }
    }

    private void forgetOldTracks(long nowMicros) {
        Iterator<KeypointsCollector.Received> it = latestByTrack.values().iterator();
        while (it.hasNext() && nowMicros - it.next().receivedAtMicros() > TRACK_MEMORY_MICROS) {
            it.remove();
        }
    }

    /**
     * A looping video started again: track ids restart, so the old tracks' points must not stand
     * in for the new ones.
     */
    public synchronized void sourceRestarted() {
        latestByTrack.clear();
    }

    private void loop() {
        try (JpegEncoder encoder = new JpegEncoder(jpegQuality)) {
            while (true) {
                Pending encode = null;
                Shown shown = null;
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    Pending head = pending.peekFirst();
                    if (head == null) {
                        wait();
                        continue;
                    }
                    long now = System.nanoTime();
                    dropObsolete(now);
                    head = pending.peekFirst();
                    if (head.jpeg != null && (head.missing == 0 || now >= head.deadlineNanos
                            || pending.size() > MAX_PENDING)) {
                        pending.removeFirst();
                        byKey.remove(new FrameKey(head.frame.number(), head.frame.capturedAtMicros()));
                        shown = release(head);
                    } else {
                        // encode the oldest frame that has no JPEG yet: usually the head, or the
                        // next one while the head waits for its keypoints
                        for (Pending p : pending) {
                            if (p.jpeg == null) {
                                encode = p;
                                break;
                            }
                        }
                        if (encode == null) {
                            long waitNanos = head.deadlineNanos - now;
                            if (waitNanos > 0) {
                                wait(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
                            }
                            continue;
                        }
                    }
                }
                if (encode != null) {
                    ColourFrame colour = encode.frame.colour();
                    byte[] jpeg = colour != null ? encoder.encodeI420(colour.width(), colour.height(), colour.i420())
                            : encoder.encode(encode.frame.image());
                    synchronized (this) {
                        encode.jpeg = jpeg;
                    }
                } else {
                    for (Listener l : listeners) {
                        try {
                            l.onShown(shown);
                        } catch (RuntimeException e) {
                            LOG.warn("live view listener failed: {}", e.toString());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Newest wins in the view: a frame not encoded yet that could go out now, with a later frame
     * that could go out now too, is dropped without encoding it. A page would skip it anyway (it
     * asks for the newest), and this way a view thread that has fallen behind (starved of CPU)
     * spends its time on the frame that will be seen. Frames still waiting within their time for
     * keypoints are not touched, so in a steady run nothing is dropped.
     */
    private void dropObsolete(long now) {
        Pending newestReady = null;
        for (Pending p : pending) {
            if (p.ready(now)) {
                newestReady = p;
            }
        }
        if (newestReady == null) {
            return;
        }
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p == newestReady) {
                return;
            }
            if (p.jpeg == null && p.ready(now)) {
                it.remove();
                byKey.remove(new FrameKey(p.frame.number(), p.frame.capturedAtMicros()));
                framesDropped++;
            }
        }
    }

    private boolean low(KeypointsRecord r) {
        return !r.confidentAtLeast(lowConfidence);
    }

    /** Builds the shown frame from {@code p}, falling back to each track's newest points. */
    private Shown release(Pending p) {
        List<ShownFace> faces = new ArrayList<>(p.crops.size());
        for (int i = 0; i < p.crops.size(); i++) {
            FaceCropRecord c = p.crops.get(i);
            FaceBox b = c.box();
            float[] box = {b.x(), b.y(), b.width(), b.height()};
            KeypointsCollector.Received own = p.got[i];
            if (own != null) {
                faces.add(new ShownFace(c.face(), c.track(), box, own.record().keypoints(), false, c.frame(),
                        own.receivedAtMicros(), own.record().confidence(), low(own.record())));
                facesFresh++;
                continue;
            }
            facesStale++;
            KeypointsCollector.Received old = latestByTrack.get(c.track());
            if (old == null) {
                faces.add(new ShownFace(c.face(), c.track(), box, null, true, -1, 0, null, false));
            } else {
                faces.add(new ShownFace(c.face(), c.track(), box, follow(old.record(), b), true, old.record().frame(),
                        old.receivedAtMicros(), old.record().confidence(), low(old.record())));
            }
        }
        long now = System.nanoTime();
        shownTimes.addLast(now);
        while (now - shownTimes.peekFirst() > FPS_WINDOW_NANOS) {
            shownTimes.removeFirst();
        }
        latest = new Shown(++seq, p.frame.number(), p.frame.capturedAtMicros(), p.frame.image().width(),
                p.frame.image().height(), p.jpeg, List.copyOf(faces), WireTime.nowMicros());
        notifyAll();
        return latest;
    }

    /**
     * An older frame's points carried onto this frame's box: shifted by the box's move and scaled
     * by its change of size, so stale points stay on the face while it moves.
     */
    static Map<String, float[]> follow(KeypointsRecord old, FaceBox now) {
        float[] ob = old.box();
        if (ob == null || ob.length != 4 || ob[2] <= 0 || ob[3] <= 0) {
            return old.keypoints();
        }
        float sx = now.width() / ob[2];
        float sy = now.height() / ob[3];
        Map<String, float[]> moved = new LinkedHashMap<>();
        old.keypoints().forEach((name, p) -> moved.put(name, p == null || p.length != 2 ? p
                : new float[] {now.x() + (p[0] - ob[0]) * sx, now.y() + (p[1] - ob[1]) * sy}));
        return moved;
    }

    /**
     * The newest shown frame with {@code seq} greater than {@code after}, waiting up to
     * {@code timeoutMillis} for one; null if none came. Frames in between are skipped: a slow
     * viewer sees the newest frame, not a growing backlog.
     */
    public synchronized Shown awaitAfter(long after, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while ((latest == null || latest.seq() <= after) && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(left / 1_000_000L, (int) (left % 1_000_000L));
        }
        return latest != null && latest.seq() > after ? latest : null;
    }

    /** The newest shown frame, or null before the first. */
    public synchronized Shown latest() {
        return latest;
    }

    public synchronized Figures figures() {
        long now = System.nanoTime();
        int n = Math.min(latencyCount, LATENCY_WINDOW);
        LatencyStats window = new LatencyStats();
        for (int i = 0; i < n; i++) {
            window.add(latencies[i]);
        }
        double fps = 0;
        if (shownTimes.size() >= 2 && now - shownTimes.peekLast() < FPS_WINDOW_NANOS) {
            fps = (shownTimes.size() - 1) / ((shownTimes.peekLast() - shownTimes.peekFirst()) / 1e9);
        }
        return new Figures(fps, seq, facesFresh, facesStale, keypointsReceived, keypointsLate,
                latencyLast < 0 ? Double.NaN : latencyLast / 1000.0,
                n == 0 ? Double.NaN : window.percentileMillis(50), n == 0 ? Double.NaN : window.percentileMillis(99),
                n == 0 ? Double.NaN : window.percentileMillis(100), n, modelVersion, device,
                since(now, lastKeypointsNanos), since(now, lastCropsNanos), since(now, lastFaceNanos),
                since(now, lastFrameNanos), lastFrameHadFace, framesDropped, cropFramesWithheld);
    }

    private static long since(long now, long then) {
        return then == 0 ? -1 : now - then;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
