/**
 * Publishing a trained model to the model topic behind a gate: no worse than the published one on
 * the same validation persons ({@link dev.facestream.trainer.publish.PublishGate}).
 */
package dev.facestream.trainer.publish;
