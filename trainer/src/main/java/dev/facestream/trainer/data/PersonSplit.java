package dev.facestream.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Train/validation split by person, seeded: frames of one person are near-duplicates, so a split
 * by image would let validation faces be memorised.
 */
public record PersonSplit(List<LabelledFace> train, List<LabelledFace> validation, List<String> validationPersons) {

    public static PersonSplit of(List<LabelledFace> faces, double validationFraction, long seed) {
        List<String> persons = new ArrayList<>(new TreeSet<>(faces.stream().map(LabelledFace::person).toList()));
        Collections.shuffle(persons, new Random(seed));
        int nVal = (int) Math.round(persons.size() * validationFraction);
        if (validationFraction > 0 && nVal == 0 && persons.size() > 1) {
            nVal = 1;
        }
        TreeSet<String> val = new TreeSet<>(persons.subList(0, nVal));
        List<LabelledFace> train = new ArrayList<>();
        List<LabelledFace> validation = new ArrayList<>();
        for (LabelledFace f : faces) {
            (val.contains(f.person()) ? validation : train).add(f);
        }
        return new PersonSplit(train, validation, List.copyOf(val));
    }
}
