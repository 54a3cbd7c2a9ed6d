/**
 * Every format that leaves a process, in one place.
 *
 * <ul>
 *   <li>{@link dev.facestream.core.wire.Topics}: the topics, each a {@link dev.facestream.core.wire.Topic}
 *       (name and {@link dev.facestream.core.wire.WireCodec} of its values), the one list of all
 *       topics, and the dead-letter headers.</li>
 *   <li>{@link dev.facestream.core.wire.FaceCropRecord}: value of {@code face-crops}, a versioned
 *       binary record (one face of one frame: metadata, crop transform and the 96x96 gray pixels).
 *       Binary because a crop is 9 KB of pixels that JSON or base64 would bloat by a third; the
 *       byte layout is documented on the class.</li>
 *   <li>{@link dev.facestream.core.wire.FaceReviewRecord}: value of {@code face-review}, a versioned
 *       binary record (a face queued for a person to check: where it came from, its crop, the
 *       model's keypoints, confidence and version, and why it was queued); see docs/review.md.</li>
 *   <li>{@link dev.facestream.core.wire.KeypointsRecord}: value of {@code keypoints}, JSON so any
 *       consumer (a dashboard, {@code kcat}) can read it without facestream code.</li>
 *   <li>{@link dev.facestream.core.wire.ModelRecord}: value of {@code models}, a versioned binary
 *       record holding one whole model directory (metadata, weights, report, card, probe crop),
 *       keyed by model name; see docs/models.md.</li>
 *   <li>{@link dev.facestream.core.wire.CropBufferEntry}: value of the detector's changelogged
 *       crop-buffer store (persisted state, so versioned; the unversioned first layout is still read).</li>
 *   <li>{@link dev.facestream.core.wire.LivePage}: the JSON the live page reads ({@code /next},
 *       {@code /state}, the keypoint groups).</li>
 *   <li>{@link dev.facestream.core.wire.ImageKeypointsRecord}: a line of {@code detect}'s JSONL.</li>
 * </ul>
 *
 * The binary formats start alike, a magic byte and a version, checked in one place before the
 * rest is parsed (BinaryHeader).
 *
 * <p>The topics are keyed by stream id, so all records of one stream share a partition and stay in
 * frame order end to end.
 */
package dev.facestream.core.wire;
