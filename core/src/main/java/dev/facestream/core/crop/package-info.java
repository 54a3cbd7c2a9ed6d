/**
 * The crop rule, in one place: how a detected face box becomes the 96x96 grayscale crop the
 * network sees, and how coordinates map between the crop and the original image. The producer
 * (live), the trainer (with jitter) and {@code detect} on stills all crop through this package, so
 * the network is trained on exactly the framing it is served.
 */
package dev.facestream.core.crop;
