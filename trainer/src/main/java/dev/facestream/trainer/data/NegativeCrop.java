package dev.facestream.trainer.data;

import dev.facestream.core.crop.GrayImage;

/**
 * A crop someone marked "not a face" ({@code negatives.csv}, {@link NegativesCsvReader}): it has
 * no right keypoints, so the confidence should be low on crops like it.
 *
 * @param id     unique name: {@code PERSON/frame=N}, or {@code negatives.csv:LINE} without a frame
 * @param person whose stream and track it came from ({@link dev.facestream.core.wire.LabelledCsv#person}),
 *               or after {@link PersonSplit#negatives} the face person it was matched to
 * @param stream the stream id, URL-decoded: a 68-point folder's person is a name with no stream, and
 *               a negative made from that person's frames names it here
 * @param crop   the 96x96 crop, as the crop rule cut it
 */
public record NegativeCrop(String id, String person, String stream, GrayImage crop) {
    /** The same crop standing for another person. */
    NegativeCrop withPerson(String newPerson) {
        return new NegativeCrop(id, newPerson, stream, crop);
    }
}
