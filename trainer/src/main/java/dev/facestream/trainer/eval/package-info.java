/** Accuracy figures (Kaggle-equivalent RMSE, NME, I2DL score, per keypoint) and the end-to-end evaluator. */
package dev.facestream.trainer.eval;
