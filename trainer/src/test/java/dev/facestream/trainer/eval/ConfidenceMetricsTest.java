package dev.facestream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfidenceMetricsTest {
    @Test
    void aScoreThatRanksEveryRightFaceAboveEveryWrongOneHasAurocOne() {
        ConfidenceMetrics m = new ConfidenceMetrics();
        for (int i = 0; i < 20; i++) {
            m.add(0.9 + i * 0.001, 0.02);   // right faces, high scores
            m.add(0.1 + i * 0.001, 0.30);   // wrong faces, low scores
        }
        ConfidenceMetrics.Summary s = m.summary();
        assertEquals(40, s.faces());
        assertEquals(20, s.wrongFaces());
        assertEquals(1.0, s.auroc(), 1e-12);
        assertTrue(s.spearman() < -0.8, "score falls as error rises: " + s.spearman());
    }

    @Test
    void aReversedScoreHasAurocZeroAndAConstantOneHalf() {
        ConfidenceMetrics reversed = new ConfidenceMetrics();
        ConfidenceMetrics constant = new ConfidenceMetrics();
        for (int i = 0; i < 10; i++) {
            reversed.add(0.1, 0.01);
            reversed.add(0.9, 0.50);
            constant.add(0.5, 0.01);
            constant.add(0.5, 0.50);
        }
        assertEquals(0.0, reversed.summary().auroc(), 1e-12);
        assertEquals(0.5, constant.summary().auroc(), 1e-12);
    }

    @Test
    void aurocMatchesTheDefinitionOnRandomScoresWithTies() {
        Random rng = new Random(3);
        int n = 300;
        double[] score = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            score[i] = rng.nextInt(20);
            positive[i] = rng.nextDouble() < 0.3 + score[i] / 40;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, ConfidenceMetrics.auroc(score, positive), 1e-12);
    }

    @Test
    void spearmanIsOneForAnyIncreasingFunctionAndDecilesCoverEveryFace() {
        double[] a = new double[50];
        double[] b = new double[50];
        ConfidenceMetrics m = new ConfidenceMetrics();
        for (int i = 0; i < 50; i++) {
            a[i] = i;
            b[i] = Math.exp(i / 10.0);
            m.add(i / 50.0, i % 3 == 0 ? 0.2 : 0.05);
        }
        assertEquals(1.0, ConfidenceMetrics.spearman(a, b), 1e-12);
        assertEquals(50, m.summary().deciles().stream().mapToInt(ConfidenceMetrics.Decile::faces).sum());
        assertEquals(10, m.summary().deciles().size());
    }
}
