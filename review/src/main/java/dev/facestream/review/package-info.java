/**
 * {@code facestream review}: the faces the detector queued on {@code face-review}
 * ({@link dev.facestream.core.wire.FaceReviewRecord}) walked in a browser one at a time; the
 * user drags the model's points to where they belong and saves, or marks "not a face", or skips.
 * Saved faces are appended to a labelled folder in Kaggle's {@code training.csv} format
 * ({@link dev.facestream.core.wire.LabelledCsv}), which {@code facestream train} reads; the
 * folder also keeps the progress, so a restart continues after the last answer. See docs/review.md.
 *
 * <pre>
 *   face-review --(read_committed, partitions assigned, offsets from the folder)--> ReviewQueue
 *   ReviewRun: PageServer (loopback by default) GET / , GET /next, POST /answer
 *   LabelledFolder: training.csv, negatives.csv, unreadable.txt, review-progress.properties
 * </pre>
 */
package dev.facestream.review;
