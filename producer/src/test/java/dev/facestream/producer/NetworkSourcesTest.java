package dev.facestream.producer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.facestream.face.FaceDetector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources that come over the network, served on loopback by the test itself: a file over HTTP,
 * and a live H.264 MPEG-TS stream over TCP, as a network camera or a streaming server sends one.
 * (No RTSP server is part of the build; an rtsp:// source goes through the same FFmpeg grabber,
 * with TCP transport and a 5 s timeout.)
 */
@Timeout(120)   // a network source that never ends would hang the build: fail instead
class NetworkSourcesTest {
    private static final String GIF = "head-pose-male-480x270.gif";

    private static List<CapturedFrame> readAll(FrameSource s) throws IOException {
        List<CapturedFrame> frames = new ArrayList<>();
        for (CapturedFrame f; (f = s.next()) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void aVideoFileOverHttpGivesTheSameFramesAsTheFileAndIsNotPacedAsLive() throws Exception {
        Path gif = FrameSourcesTest.sample(GIF);
        byte[] bytes = Files.readAllBytes(gif);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/" + GIF, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/gif");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + GIF;
            assertTrue(FrameSources.isUrl(url));
            List<CapturedFrame> local;
            List<CapturedFrame> remote;
            try (FrameSource file = FrameSources.open(gif.toString())) {
                local = readAll(file);
            }
            try (FrameSource http = FrameSources.open(url)) {
                assertFalse(http.live(), "a file over HTTP plays like a file: paced by the producer, not dropped");
                remote = readAll(http);
            }
            assertEquals(local.size(), remote.size());
            for (int i = 0; i < local.size(); i++) {
                assertArrayEquals(local.get(i).image().pixels(), remote.get(i).image().pixels(), "frame " + i);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aLiveStreamOverTcpIsReadAsLiveAndItsFacesAreFound(@TempDir Path tmp) throws Exception {
        // 30 frames of the clip as H.264 in MPEG-TS, the container of a camera's or an encoder's
        // TCP/UDP output
        Path ts = tmp.resolve("stream.ts");
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(FrameSourcesTest.sample(GIF).toString());
             FFmpegFrameRecorder r = new FFmpegFrameRecorder(ts.toString(), 480, 270)) {
            g.start();
            r.setFormat("mpegts");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setFrameRate(12);
            r.setVideoBitrate(800_000);
            r.start();
            int n = 0;
            for (Frame f; n < 30 && (f = g.grabImage()) != null; n++) {
                r.record(f);
            }
        }
        byte[] stream = Files.readAllBytes(ts);
        // the sender: accepts one client and sends the stream a little at a time, as it would be
        // produced in real time (FFmpeg's own listening mode cannot serve a reader in the same
        // JVM: JavaCV's start() of the grabber and of a listening recorder share one lock)
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try (java.net.Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    int chunk = 4096;
                    for (int at = 0; at < stream.length; at += chunk) {
                        out.write(stream, at, Math.min(chunk, stream.length - at));
                        out.flush();
                        Thread.sleep(2);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            String url = "tcp://127.0.0.1:" + server.getLocalPort();
            try (FrameSource s = FrameSources.open(url);
                 FaceCropper cropper = new FaceCropper("tcp", FaceDetector.create())) {
                assertTrue(s.live(), "a TCP stream is live: it paces itself, and the newest frame wins downstream");
                List<CapturedFrame> frames = readAll(s);
                sender.get(30, TimeUnit.SECONDS);
                assertEquals(30, frames.size(), "every frame sent");
                for (int i = 0; i < frames.size(); i++) {
                    assertEquals(i, frames.get(i).number());
                    assertEquals(480, frames.get(i).image().width());
                    assertEquals(270, frames.get(i).image().height());
                }
                assertEquals(1, cropper.crops(frames.get(frames.size() / 2)).size(), "the face in the streamed video");
                assertNull(s.next(), "the stream has ended with its sender");
            }
        }
    }
}
