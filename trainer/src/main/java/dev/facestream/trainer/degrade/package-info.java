/**
 * What cameras and streams do to pictures (JPEG, motion blur, a dim scene), for training crops
 * ({@code train --degrade}) and for measuring a model on such faces ({@code evaluate --degrade}).
 */
package dev.facestream.trainer.degrade;
