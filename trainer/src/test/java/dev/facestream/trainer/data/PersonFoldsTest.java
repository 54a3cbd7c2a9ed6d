package dev.facestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facestream.core.crop.GrayImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PersonFoldsTest {
    private static List<LabelledFace> faces(int persons, int each) {
        List<LabelledFace> faces = new ArrayList<>();
        GrayImage img = new GrayImage(1, 1, new byte[1]);
        for (int p = 0; p < persons; p++) {
            for (int i = 0; i < each; i++) {
                faces.add(new LabelledFace("p" + p + "_" + i + ".png", "p" + p, img, new float[30], false));
            }
        }
        return faces;
    }

    @Test
    void everyPersonIsInExactlyOneFoldAndFoldsDifferByAtMostOnePerson() {
        List<LabelledFace> faces = faces(31, 3);
        PersonFolds folds = PersonFolds.of(faces, 3, 42);
        Set<String> seen = new HashSet<>();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int f = 0; f < 3; f++) {
            List<String> persons = folds.persons(f);
            persons.forEach(p -> assertTrue(seen.add(p), p + " in two folds"));
            smallest = Math.min(smallest, persons.size());
            largest = Math.max(largest, persons.size());
        }
        assertEquals(31, seen.size());
        assertTrue(largest - smallest <= 1, smallest + " to " + largest + " persons");
        for (LabelledFace face : faces) {
            assertTrue(folds.persons(folds.foldOf(face)).contains(face.person()));
        }
    }

    @Test
    void withoutAFoldDropsExactlyItsPersonsFacesAndTheDealIsSeeded() {
        List<LabelledFace> faces = faces(20, 4);
        PersonFolds a = PersonFolds.of(faces, 4, 7);
        PersonFolds b = PersonFolds.of(faces, 4, 7);
        PersonFolds other = PersonFolds.of(faces, 4, 8);
        boolean differs = false;
        for (int f = 0; f < 4; f++) {
            assertEquals(a.persons(f), b.persons(f));
            differs |= !a.persons(f).equals(other.persons(f));
            List<LabelledFace> kept = a.without(faces, f);
            assertEquals(faces.size() - 4 * a.persons(f).size(), kept.size());
            Set<String> keptPersons = new TreeSet<>(kept.stream().map(LabelledFace::person).toList());
            for (String p : a.persons(f)) {
                assertTrue(!keptPersons.contains(p), p + " was held out but kept");
            }
        }
        assertTrue(differs, "another seed deals other folds");
    }

    @Test
    void aPersonOutsideTheFoldsAndBadCountsAreErrorsThatSayWhy() {
        PersonFolds folds = PersonFolds.of(faces(6, 1), 2, 1);
        LabelledFace stranger = new LabelledFace("x.png", "stranger", new GrayImage(1, 1, new byte[1]), new float[30],
                false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> folds.foldOf(stranger));
        assertTrue(e.getMessage().contains("stranger") && e.getMessage().contains("x.png"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PersonFolds.of(faces(2, 1), 3, 1));
        assertTrue(e.getMessage().contains("3 folds of 2 persons"), e.getMessage());
    }

    @Test
    void aHeldOutFoldIsParsedFromIOverK() {
        assertEquals(new PersonFolds.HeldOut(1, 3), PersonFolds.HeldOut.parse("1/3"));
        assertEquals("2/5", PersonFolds.HeldOut.parse(" 2 / 5 ").toString());
        for (String bad : List.of("3/3", "1", "a/3", "-1/3", "0/1", "1/2/3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PersonFolds.HeldOut.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad.contains("/") && bad.split("/").length == 2
                    && bad.matches("[-\\d/ ]+") ? "held-out fold" : "'" + bad + "'"), bad + ": " + e.getMessage());
        }
    }
}
