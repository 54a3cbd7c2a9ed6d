/** Augmentation, the masked loss and the DJL training loop with schedule, early stopping and checkpoints. */
package dev.facestream.trainer.train;
