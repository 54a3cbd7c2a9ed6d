/** What a training run leaves beside the weights: learning curve, validation grid, model card. */
package dev.facestream.trainer.report;
