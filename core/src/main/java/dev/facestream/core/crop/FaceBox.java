package dev.facestream.core.crop;

/** A face found in an image: its box in image pixels and the detector's confidence. */
public record FaceBox(float x, float y, float width, float height, float score) {
    public float centerX() {
        return x + width / 2f;
    }

    public float centerY() {
        return y + height / 2f;
    }

    public float area() {
        return Math.max(0f, width) * Math.max(0f, height);
    }

    /** Intersection over union with another box, 0 when they do not overlap. */
    public float iou(FaceBox o) {
        float ix = Math.max(0f, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        float iy = Math.max(0f, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        float inter = ix * iy;
        float union = area() + o.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }
}
