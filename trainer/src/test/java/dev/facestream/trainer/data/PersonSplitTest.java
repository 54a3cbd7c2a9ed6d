package dev.facestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
