package dev.facestream.review;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.core.wire.FaceReviewRecord;
import dev.facestream.core.wire.LabelledCsv;
import dev.facestream.core.wire.ReviewPage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The folder the review writes to, one file each (formats: {@link LabelledCsv}):
 *
 * <ul>
 *   <li>{@value #TRAINING}: the saved faces with their corrected points, Kaggle's format plus the
 *       source columns; {@code facestream train --data FOLDER} reads it as is;</li>
 *   <li>{@value #NEGATIVES}: the crops marked "not a face";</li>
 *   <li>{@value #UNREADABLE}: records of the topic that could not be decoded or labelled, one
 *       line each (partition, offset, why), so that nothing is passed over silently;</li>
 *   <li>{@value #PROGRESS}: the next offset to review per topic partition, and the counts.</li>
 * </ul>
 *
 * One review at a time writes to a folder (a lock on {@value #LOCK}). Each answer is appended and forced to disk before the progress moves past it, and the progress
 * file is replaced atomically: after a crash a face is either done or shown again (then at worst
 * labelled twice, never lost).
 */
final class LabelledFolder implements AutoCloseable {
    static final String TRAINING = "training.csv";
    static final String NEGATIVES = "negatives.csv";
    static final String UNREADABLE = "unreadable.txt";
    static final String PROGRESS = "review-progress.properties";
    /** Held while a review writes to the folder: two at once would interleave their rows and progress. */
    static final String LOCK = ".review.lock";
    private static final String SAVED = "count.saved";
    private static final String NEGATIVE = "count.negatives";
    private static final String SKIPPED = "count.skipped";
    private static final String BAD = "count.unreadable";
    private static final String OFFSET = "offset.";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, Long> offsets = new TreeMap<>();
    private long saved;
    private long negatives;
    private long skipped;
    private long unreadable;

    private LabelledFolder(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating it if needed) a labelled folder and reads its progress.
     *
     * @throws IOException naming the file when a file there is not one of the review's
     */
    static LabelledFolder open(Path dir) throws IOException {
        Files.createDirectories(dir);
        checkHeader(dir.resolve(TRAINING), LabelledCsv.header());
        checkHeader(dir.resolve(NEGATIVES), LabelledCsv.negativesHeader());
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException(dir + ": another facestream review is writing to this folder (it holds "
                    + dir.resolve(LOCK) + "); stop it, or give another --labels");
        }
        LabelledFolder f = new LabelledFolder(dir, ch, lock);
        try {
            f.readProgress();
        } catch (IOException e) {
            f.close();
            throw e;
        }
        return f;
    }

    private void readProgress() throws IOException {
        Path progress = dir.resolve(PROGRESS);
        if (Files.exists(progress)) {
            Properties p = new Properties();
            try (BufferedReader r = Files.newBufferedReader(progress, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            try {
                for (String k : p.stringPropertyNames()) {
                    if (k.startsWith(OFFSET)) {
                        offsets.put(k.substring(OFFSET.length()), Long.parseLong(p.getProperty(k).trim()));
                    }
                }
                saved = Long.parseLong(p.getProperty(SAVED, "0").trim());
                negatives = Long.parseLong(p.getProperty(NEGATIVE, "0").trim());
                skipped = Long.parseLong(p.getProperty(SKIPPED, "0").trim());
                unreadable = Long.parseLong(p.getProperty(BAD, "0").trim());
            } catch (NumberFormatException e) {
                throw new IOException(progress + ": not a review progress file (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Lets another review write to the folder. */
    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the channel, and the channel with the process
        }
    }

    private static void checkHeader(Path file, String header) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (!header.equals(first)) {
                throw new IOException(file + ": its header is not the review's (" + LabelledCsv.class.getSimpleName()
                        + "); write to another folder with --labels");
            }
        }
    }

    Path dir() {
        return dir;
    }

    /** The next offset to review of a topic partition ({@code topic-N}), or null when none was reviewed. */
    synchronized Long nextOffset(String topicPartition) {
        return offsets.get(topicPartition);
    }

    /** Appends a saved face with its corrected points (crop pixels, {@link Keypoint} order). */
    synchronized void save(String topicPartition, long offset, FaceReviewRecord r, float[] xy) throws IOException {
        append(TRAINING, LabelledCsv.header(), LabelledCsv.row(xy, r.streamId(), r.track(), r.frame(),
                r.crop().pixels()));
        saved++;
        done(topicPartition, offset);
    }

    /** Appends a crop marked "not a face". */
    synchronized void negative(String topicPartition, long offset, FaceReviewRecord r) throws IOException {
        append(NEGATIVES, LabelledCsv.negativesHeader(), LabelledCsv.negativeRow(r.streamId(), r.track(), r.frame(),
                r.crop().pixels()));
        negatives++;
        done(topicPartition, offset);
    }

    /** A face the user skipped: nothing written but the progress. */
    synchronized void skip(String topicPartition, long offset) throws IOException {
        skipped++;
        done(topicPartition, offset);
    }

    /** A record that cannot be reviewed: a line saying which and why, and on. */
    synchronized void unreadable(String topicPartition, long offset, String why) throws IOException {
        append(UNREADABLE, null, topicPartition + " offset " + offset + ": " + why.replace('\n', ' '));
        unreadable++;
        done(topicPartition, offset);
    }

    /** What the folder holds now, all counts at one moment, with {@code remaining} faces left in the topic. */
    synchronized ReviewPage.Progress progress(long remaining) {
        return new ReviewPage.Progress(saved, negatives, skipped, unreadable, remaining, dir.toString());
    }

    private void append(String name, String header, String line) throws IOException {
        Path file = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            String text = (header != null && ch.size() == 0 ? header + "\n" : "") + line + "\n";
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    private void done(String topicPartition, long offset) throws IOException {
        offsets.put(topicPartition, offset + 1);
        Properties p = new Properties();
        offsets.forEach((k, v) -> p.setProperty(OFFSET + k, Long.toString(v)));
        p.setProperty(SAVED, Long.toString(saved));
        p.setProperty(NEGATIVE, Long.toString(negatives));
        p.setProperty(SKIPPED, Long.toString(skipped));
        p.setProperty(BAD, Long.toString(unreadable));
        Path tmp = dir.resolve(PROGRESS + ".tmp");
        try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "facestream review: the next offset to review per topic partition (docs/review.md)");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(PROGRESS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(PROGRESS), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
