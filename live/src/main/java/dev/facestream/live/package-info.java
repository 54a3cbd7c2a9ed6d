/**
 * {@code facestream live}: a camera or video through the pipeline, shown in a browser while it
 * runs. {@link dev.facestream.live.LiveRun} brings up the broker, detector, keypoints
 * reader and producer behind a page that is served first; {@link
 * dev.facestream.live.LiveView} joins each frame with its keypoints (by frame number and
 * capture time) and releases frames in order, in colour, never holding one back longer than the
 * overlay wait, and decides whether a frame's crops go to the detector at all (no more than two
 * frames in flight: newest wins, see docs/live.md); the page (one static HTML file) draws frame and keypoints on a canvas and shows the
 * figures and, in words, the state of every part.
 */
package dev.facestream.live;
