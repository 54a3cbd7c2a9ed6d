package dev.facestream.trainer.train;

import ai.djl.training.tracker.Tracker;

/**
 * A learning-rate schedule resumed after a stop, with a fresh warm-up. {@code --resume} restores
 * the weights, the step count and the schedule, but not Adam's running moments (DJL keeps them
 * inside the optimiser and saves only the parameters). With fresh moments and a step count far
 * from zero, Adam's bias correction no longer scales its first steps down, so they come out several
 * times the scheduled size and knock a fine-tuned network off its minimum (docs/training.md,
 * "Resuming restarted Adam's moments"). Ramping the rate up again over {@code warmUpSteps} from {@code from} of the
 * schedule lets the moments fill first, as the first epoch of a run does.
 */
public final class ResumedSchedule implements Tracker {
    private final Tracker schedule;
    private final int resumedAt;
    private final int warmUpSteps;
    private final float from;

    /**
     * @param schedule    the run's schedule, by global step
     * @param resumedAt   the global step the run resumed at
     * @param warmUpSteps steps over which the rate climbs back to the schedule's
     * @param from        the fraction of the schedule's rate at {@code resumedAt}
     */
    public ResumedSchedule(Tracker schedule, int resumedAt, int warmUpSteps, float from) {
        if (resumedAt < 0 || warmUpSteps < 1 || !(from > 0 && from <= 1)) {
            throw new IllegalArgumentException("resumed schedule: step " + resumedAt + ", warm-up " + warmUpSteps
                    + " steps from " + from);
        }
        this.schedule = schedule;
        this.resumedAt = resumedAt;
        this.warmUpSteps = warmUpSteps;
        this.from = from;
    }

    @Override
    public float getNewValue(int numUpdate) {
        float scheduled = schedule.getNewValue(numUpdate);
        int into = numUpdate - resumedAt;
        if (into < 0 || into >= warmUpSteps) {
            return scheduled;
        }
        return scheduled * (from + (1 - from) * into / (float) warmUpSteps);
    }
}
