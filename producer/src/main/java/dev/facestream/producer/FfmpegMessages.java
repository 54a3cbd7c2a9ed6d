package dev.facestream.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's error messages, kept so that a damaged video can be reported with what FFmpeg said
 * about it ({@link DamagedVideoException}), and still printed to stderr as FFmpeg prints them.
 * FFmpeg logs through one process-wide callback, so messages are numbered: a source asks for
 * those since it opened ({@link #mark()}).
 */
final class FfmpegMessages extends LogCallback {
    private static final int KEPT = 64;
    private static final FfmpegMessages INSTANCE = new FfmpegMessages();
    private static boolean installed;

    private final Deque<Message> recent = new ArrayDeque<>();
    private long count;

    private record Message(long seq, String text) {
    }

    /** Routes FFmpeg's log through this class (once); errors and worse only, as before. */
    static synchronized void install() {
        if (!installed) {
            avutil.setLogCallback(INSTANCE);
            installed = true;
        }
    }

    /** The number of the next message: pass it to {@link #since}. */
    static long mark() {
        synchronized (INSTANCE) {
            return INSTANCE.count;
        }
    }

    /** The last {@code max} distinct messages logged since {@code mark}, oldest first. */
    static List<String> since(long mark, int max) {
        List<String> out = new ArrayList<>();
        synchronized (INSTANCE) {
            for (Message m : INSTANCE.recent) {
                if (m.seq() >= mark && !out.contains(m.text())) {
                    out.add(m.text());
                }
            }
        }
        return out.size() <= max ? out : out.subList(out.size() - max, out.size());
    }

    @Override
    public void call(int level, BytePointer msg) {
        if (level > avutil.AV_LOG_ERROR) {
            return;
        }
        String text = msg.getString().strip();
        if (text.isEmpty()) {
            return;
        }
        System.err.println("[ffmpeg] " + text);
        synchronized (this) {
            recent.addLast(new Message(count++, text));
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
    }
}
