/**
 * The offline trainer: labelled faces ({@link dev.facestream.trainer.data}) are cropped with the
 * live face detector and crop rule plus jitter, trained with DJL ({@link dev.facestream.trainer.train}),
 * evaluated end to end ({@link dev.facestream.trainer.eval}) and written as a versioned model
 * directory with its report ({@link dev.facestream.trainer.report}).
 */
package dev.facestream.trainer;
