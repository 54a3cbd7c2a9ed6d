package dev.facestream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The {@code withX} copies change their own fields and keep every other one. */
class AugmentationTest {
    private static final Augmentation BASE = Augmentation.defaults().withMirrorOffset(new float[30])
            .withOcclusion(0.2).withDegradation(0.1);

    @Test
    void aBuilderFromARecordBuildsTheSameRecord() {
        Augmentation copy = BASE.toBuilder().build();
        assertArrayEquals(fields(BASE), fields(copy));
        assertSame(BASE.mirrorOffset(), copy.mirrorOffset());
    }

    @Test
    void eachCopyChangesOnlyItsOwnFields() {
        double[] base = fields(BASE);
        double[] flip = base.clone();
        flip[3] = 0.9;
        assertArrayEquals(flip, fields(BASE.withFlip(0.9)));

        double[] geometry = base.clone();
        geometry[0] *= 2;
        geometry[1] *= 2;
        geometry[2] *= 2;
        assertArrayEquals(geometry, fields(BASE.withGeometry(2)));

        double[] photometric = base.clone();
        photometric[4] *= 1.5;
        photometric[5] *= 1.5;
        photometric[6] *= 1.5;
        assertArrayEquals(photometric, fields(BASE.withPhotometric(1.5)));

        double[] occlusion = base.clone();
        occlusion[9] = 0.7;
        assertArrayEquals(occlusion, fields(BASE.withOcclusion(0.7)));

        double[] degrade = base.clone();
        degrade[10] = 0.4;
        assertArrayEquals(degrade, fields(BASE.withDegradation(0.4)));

        float[] offset = new float[30];
        offset[0] = 3f;
        Augmentation mirrored = BASE.withMirrorOffset(offset);
        assertArrayEquals(base, fields(mirrored));
        assertSame(offset, mirrored.mirrorOffset());
    }

    /** Every numeric component in declaration order (the mirror offset, an array, apart). */
    private static double[] fields(Augmentation a) {
        return new double[] {a.scale(), a.shift(), a.rotationDegrees(), a.flipProbability(), a.brightness(),
            a.contrast(), a.gamma(), a.blurProbability(), a.noiseSigma(), a.occlusionProbability(),
            a.degradeProbability()};
    }
}
