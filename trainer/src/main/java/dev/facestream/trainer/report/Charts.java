package dev.facestream.trainer.report;

import dev.facestream.core.keypoints.Keypoint;
import dev.facestream.trainer.data.Images;
import dev.facestream.trainer.eval.Evaluator;
import dev.facestream.trainer.train.KeypointTrainer.EpochStats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG charts drawn with Java2D (no plotting dependency). */
public final class Charts {
    private Charts() {
    }

    /** Train and validation loss per epoch on a log scale, best epoch marked. */
    public static void learningCurve(List<EpochStats> history, int bestEpoch, Path file) throws IOException {
        int w = 800;
        int h = 480;
        int left = 80;
        int right = 20;
        int top = 40;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (EpochStats e : history) {
            for (double v : new double[] {e.trainLoss(), e.validationLoss()}) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, Math.log10(v));
                    hi = Math.max(hi, Math.log10(v));
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        lo = Math.floor(lo * 4) / 4;
        hi = Math.ceil(hi * 4) / 4;
        int n = Math.max(2, history.size());
        g.setColor(Color.LIGHT_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double t = lo; t <= hi + 1e-9; t += 0.25) {
            int y = top + (int) ((hi - t) / (hi - lo) * (h - top - bottom));
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(left, y, w - right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1e", Math.pow(10, t)), 10, y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, w - left - right, h - top - bottom);
        g.drawString("epoch", w / 2, h - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Masked MSE loss (coordinates in [-1, 1]), log scale: train (blue), validation (red)", left, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < history.size(); i += Math.max(1, history.size() / 10)) {
            int x = left + i * (w - left - right) / (n - 1);
            g.drawString(Integer.toString(history.get(i).epoch()), x - 5, h - bottom + 15);
        }
        g.setStroke(new BasicStroke(2f));
        for (int series = 0; series < 2; series++) {
            g.setColor(series == 0 ? new Color(0x1f77b4) : new Color(0xd62728));
            int px = -1;
            int py = -1;
            for (int i = 0; i < history.size(); i++) {
                double v = series == 0 ? history.get(i).trainLoss() : history.get(i).validationLoss();
                if (!(v > 0)) {
                    continue;
                }
                int x = left + i * (w - left - right) / (n - 1);
                int y = top + (int) ((hi - Math.log10(v)) / (hi - lo) * (h - top - bottom));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
        }
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).epoch() == bestEpoch) {
                int x = left + i * (w - left - right) / (n - 1);
                g.setColor(new Color(0x2ca02c));
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f}, 0f));
                g.drawLine(x, top, x, h - bottom);
                g.drawString("best " + bestEpoch, x + 4, top + 14);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    /**
     * A grid of validation faces (the live 96x96 crop, drawn at 2x) with true points in green and
     * predicted points in red, spread evenly over the validation set.
     */
    public static void validationGrid(List<Evaluator.Prediction> predictions, Path file, int columns, int rows)
            throws IOException {
        int cell = 192;
        int count = Math.min(predictions.size(), columns * rows);
        BufferedImage img = new BufferedImage(columns * cell, Math.max(1, (count + columns - 1) / columns) * cell,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int step = Math.max(1, predictions.size() / Math.max(1, count));
        for (int i = 0; i < count; i++) {
            Evaluator.Prediction p = predictions.get(Math.min(predictions.size() - 1, i * step));
            var t = dev.facestream.core.crop.CropRule.forBox(p.box());
            var crop = dev.facestream.core.crop.CropRule.crop(p.face().image(), t);
            int ox = (i % columns) * cell;
            int oy = (i / columns) * cell;
            g.drawImage(Images.toBufferedImage(crop), ox, oy, cell, cell, null);
            float[] truth = t.keypointsToCrop(p.face().keypoints());
            float[] pred = t.keypointsToCrop(p.predicted());
            double s = cell / (double) dev.facestream.core.crop.CropRule.SIZE;
            for (int k = 0; k < Keypoint.COUNT; k++) {
                dot(g, new Color(0x00cc44), ox + truth[2 * k] * s, oy + truth[2 * k + 1] * s);
                dot(g, new Color(0xff2020), ox + pred[2 * k] * s, oy + pred[2 * k + 1] * s);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void dot(Graphics2D g, Color c, double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return;
        }
        g.setColor(c);
        g.fillOval((int) Math.round(x) - 3, (int) Math.round(y) - 3, 6, 6);
    }
}
