package dev.facestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.GrayImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonSplitTest {
    @Test
    void noPersonIsOnBothSidesAndTheSplitIsSeeded() {
        List<LabelledFace> faces = new ArrayList<>();
        GrayImage img = new GrayImage(1, 1, new byte[1]);
        for (int p = 0; p < 40; p++) {
            for (int i = 0; i < 5; i++) {
                faces.add(new LabelledFace("p" + p + "_" + i + ".png", "p" + p, img, new float[30], false));
            }
        }
        PersonSplit a = PersonSplit.of(faces, 0.2, 7);
        PersonSplit b = PersonSplit.of(faces, 0.2, 7);
        assertEquals(a.validationPersons(), b.validationPersons());
        assertEquals(8, a.validationPersons().size());
        assertEquals(40, a.validation().size());
        Set<String> trainPersons = new HashSet<>();
        a.train().forEach(f -> trainPersons.add(f.person()));
        a.validation().forEach(f -> assertFalse(trainPersons.contains(f.person()), f.person()));
    }

    /**
     * Negatives land on their person's side: a relabelled track's by its stream and track, a
     * 68-point person's by the name in their stream; those of persons with no faces are split on
     * their own, seeded.
     */
    @Test
    void negativesFollowTheirPersonsSide() {
        GrayImage img = new GrayImage(1, 1, new byte[1]);
        List<LabelledFace> faces = new ArrayList<>();
        List<NegativeCrop> negatives = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            String relabelled = dev.facestream.core.wire.LabelledCsv.person("cam", Integer.toString(p));
            faces.add(new LabelledFace("p" + p + "_0.png", "p" + p, img, new float[30], false));
            faces.add(new LabelledFace(relabelled + "/frame=1", relabelled, img, new float[30], true));
            negatives.add(new NegativeCrop("n" + p, dev.facestream.core.wire.LabelledCsv.person("p" + p, "0"), "p" + p,
                    img));
            negatives.add(new NegativeCrop("r" + p, relabelled, "cam", img));
            String unseen = dev.facestream.core.wire.LabelledCsv.person("other", Integer.toString(p));
            negatives.add(new NegativeCrop("u" + p, unseen, "other", img));
        }
        PersonSplit split = PersonSplit.of(faces, 0.2, 11);
        PersonSplit.Negatives n = split.negatives(negatives, 0.2, 11);
        Set<String> validation = new HashSet<>(split.validationPersons());
        assertEquals(negatives.size(), n.train().size() + n.validation().size());
        for (NegativeCrop c : n.validation()) {
            assertTrue(c.id().startsWith("u") || validation.contains(c.person()), c.id() + " " + c.person());
        }
        for (NegativeCrop c : n.train()) {
            assertFalse(validation.contains(c.person()), c.id() + " " + c.person());
        }
        assertEquals("p3", n.train().stream().filter(c -> c.id().equals("n3")).findFirst()
                .or(() -> n.validation().stream().filter(c -> c.id().equals("n3")).findFirst()).orElseThrow().person(),
                "a 68-point person's negative stands for that person");
        // the persons without faces: a seeded fifth of them held out, the same for the same seed
        List<String> unseenHeld = n.validation().stream().filter(c -> c.id().startsWith("u")).map(NegativeCrop::id)
                .toList();
        assertEquals(6, unseenHeld.size());
        assertEquals(unseenHeld, split.negatives(negatives, 0.2, 11).validation().stream()
                .filter(c -> c.id().startsWith("u")).map(NegativeCrop::id).toList());
        // the faces' split does not move for negatives
        assertEquals(split, PersonSplit.of(faces, 0.2, 11));
    }
}
