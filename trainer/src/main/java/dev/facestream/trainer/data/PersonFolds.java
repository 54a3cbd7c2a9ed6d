package dev.facestream.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The training persons dealt into {@code count} folds, seeded, so that {@code count} networks can
 * each be trained without one fold ({@code train --hold-out-fold I/K}) and then score that fold's
 * faces as persons they never saw. The confidence step uses those errors as its targets
 * (docs/confidence.md, "Errors of unseen persons"): a network's errors on its own training persons
 * are smaller than on new persons, and differ in which faces they single out.
 *
 * <p>Persons are sorted, shuffled with {@code seed} and dealt round-robin, so folds differ in size
 * by at most one person and the same faces, count and seed always give the same folds.
 */
public final class PersonFolds {
    private final int count;
    private final Map<String, Integer> foldOfPerson;

    private PersonFolds(int count, Map<String, Integer> foldOfPerson) {
        this.count = count;
        this.foldOfPerson = foldOfPerson;
    }

    /** One fold held out of training: {@code index} of {@code count} (0-based). */
    public record HeldOut(int index, int count) {
        public HeldOut {
            if (count < 2 || index < 0 || index >= count) {
                throw new IllegalArgumentException("held-out fold " + index + "/" + count
                        + ": expected a count of at least 2 and an index from 0 to count - 1");
            }
        }

        /** Parses {@code I/K}, as {@code train --hold-out-fold} takes it. */
        public static HeldOut parse(String text) {
            String[] parts = text.split("/", -1);
            try {
                if (parts.length == 2) {
                    return new HeldOut(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // reported below, naming the input
            }
            throw new IllegalArgumentException("held-out fold '" + text + "': expected I/K, e.g. 0/3 (fold 0 of 3)");
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /** Deals the persons of {@code faces} into {@code count} folds. */
    public static PersonFolds of(List<LabelledFace> faces, int count, long seed) {
        List<String> persons = new ArrayList<>(new TreeSet<>(faces.stream().map(LabelledFace::person).toList()));
        if (count < 2 || persons.size() < count) {
            throw new IllegalArgumentException(count + " folds of " + persons.size()
                    + " persons: expected at least 2 folds and a person for each");
        }
        Collections.shuffle(persons, new Random(seed));
        Map<String, Integer> fold = new TreeMap<>();
        for (int i = 0; i < persons.size(); i++) {
            fold.put(persons.get(i), i % count);
        }
        return new PersonFolds(count, fold);
    }

    public int count() {
        return count;
    }

    /** The fold of {@code face}'s person; an error for a person these folds were not dealt from. */
    public int foldOf(LabelledFace face) {
        Integer f = foldOfPerson.get(face.person());
        if (f == null) {
            throw new IllegalArgumentException("person " + face.person() + " (face " + face.id()
                    + ") is in none of the " + count + " folds");
        }
        return f;
    }

    /** {@code faces} less those of fold {@code fold}, in their order. */
    public List<LabelledFace> without(List<LabelledFace> faces, int fold) {
        return faces.stream().filter(f -> foldOf(f) != fold).toList();
    }

    /** The persons of fold {@code fold}, sorted. */
    public List<String> persons(int fold) {
        return foldOfPerson.entrySet().stream().filter(e -> e.getValue() == fold).map(Map.Entry::getKey).toList();
    }
}
