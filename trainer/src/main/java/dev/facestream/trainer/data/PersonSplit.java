package dev.facestream.trainer.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Train/validation split by person, seeded: frames of one person are near-duplicates, so a split
 * by image would let validation faces be memorised.
 */
public record PersonSplit(List<LabelledFace> train, List<LabelledFace> validation, List<String> validationPersons) {

    public static PersonSplit of(List<LabelledFace> faces, double validationFraction, long seed) {
        Set<String> val = validationPersons(faces.stream().map(LabelledFace::person).toList(), validationFraction,
                seed);
        List<LabelledFace> train = new ArrayList<>();
        List<LabelledFace> validation = new ArrayList<>();
        for (LabelledFace f : faces) {
            (val.contains(f.person()) ? validation : train).add(f);
        }
        return new PersonSplit(train, validation, List.copyOf(val));
    }

    /**
     * The "not a face" crops on the two sides of a split: those for the head's fit, and the held-out
     * ones, scored beside the calibration.
     */
    public record Negatives(List<NegativeCrop> train, List<NegativeCrop> validation) {
        public static final Negatives NONE = new Negatives(List.of(), List.of());
    }

    /**
     * The negatives on this split's sides, by person, so that a crop never lands on the other side
     * from its person's faces. A negative's person is its stream and track, as a relabelled face's
     * is; where no face has that person but one's person is the negative's stream itself (a 68-point
     * folder, whose persons are names without a track), it is that face person. The persons of
     * negatives with no faces at all are split on their own, with the same fraction and seed.
     * Each crop returned stands for the person it was matched to.
     */
    public Negatives negatives(List<NegativeCrop> negatives, double validationFraction, long seed) {
        Set<String> validationSet = new HashSet<>(validationPersons);
        Set<String> facePersons = new HashSet<>(validationSet);
        train.forEach(f -> facePersons.add(f.person()));
        List<NegativeCrop> matched = new ArrayList<>(negatives.size());
        List<String> withoutFaces = new ArrayList<>();
        for (NegativeCrop n : negatives) {
            String person = facePersons.contains(n.person()) || !facePersons.contains(n.stream()) ? n.person()
                    : n.stream();
            matched.add(n.withPerson(person));
            if (!facePersons.contains(person)) {
                withoutFaces.add(person);
            }
        }
        validationSet.addAll(validationPersons(withoutFaces, validationFraction, seed));
        List<NegativeCrop> fit = new ArrayList<>();
        List<NegativeCrop> held = new ArrayList<>();
        for (NegativeCrop n : matched) {
            (validationSet.contains(n.person()) ? held : fit).add(n);
        }
        return new Negatives(List.copyOf(fit), List.copyOf(held));
    }

    /** The seeded validation share of these persons (sorted, shuffled, the first of them). */
    private static Set<String> validationPersons(Collection<String> of, double validationFraction, long seed) {
        List<String> persons = new ArrayList<>(new TreeSet<>(of));
        Collections.shuffle(persons, new Random(seed));
        int nVal = (int) Math.round(persons.size() * validationFraction);
        if (validationFraction > 0 && nVal == 0 && persons.size() > 1) {
            nVal = 1;
        }
        return new TreeSet<>(persons.subList(0, nVal));
    }
}
