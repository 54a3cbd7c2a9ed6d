package dev.facestream.cli;

import dev.facestream.core.wire.FaceCropRecord;
import dev.facestream.core.wire.Topics;
import dev.facestream.testkit.TestCrops;
import dev.facestream.testkit.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every drill against {@code detect-stream} processes starts from: an untrained model, the
 * sample clip's crops, a broker process with the topics on {@link #PARTITIONS} partitions, and an
 * audit of the keypoints read back (read_committed). The drill adds its detectors and its camera
 * feed ({@link #detector}, {@link #feed}) and decides what goes wrong.
 *
 * @param name  the drill's name in its report ({@link #say})
 * @param crops how many crops it sends: the issue's figure unless {@code -Dfacestream.drill.crops=N}
 * @param tmp   the drill's temporary directory: model, broker data, state directories, logs
 */
record DrillFixture(String name, int crops, Path tmp, Path model, List<FaceCropRecord> sample,
        DrillProcesses.Broker broker, KeypointsAudit audit) implements AutoCloseable {
    /** Partitions of every topic, and cameras of the feed: one camera per partition. */
    static final int PARTITIONS = 4;

    /**
     * Drill {@code name} of {@code issueCrops} crops ({@link DrillReport#crops}): model and sample
     * under {@code tmp}, the broker's data in {@code tmp/kafka}, started, with the topics.
     */
    static DrillFixture start(String name, int issueCrops, Path tmp) throws Exception {
        Path model = TestModels.untrained(tmp.resolve("model"));
        List<FaceCropRecord> sample = TestCrops.of(TestModels.sample("head-pose-male-480x270.gif"), "male", 8);
        DrillProcesses.Broker broker = new DrillProcesses.Broker(tmp.resolve("kafka")).start();
        try {
            broker.createTopics(PARTITIONS, Topics.allNames());
            return new DrillFixture(name, DrillReport.crops(issueCrops), tmp, model, sample, broker,
                    new KeypointsAudit(broker.bootstrap()));
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    /**
     * A {@code detect-stream} process on the broker serving {@link #model} as {@code applicationId},
     * with static membership as {@code instanceId}, its state in {@code tmp/STATE} and its output
     * in {@code tmp/LOG}; not yet waited for.
     */
    DrillProcesses.Detector detector(String applicationId, String instanceId, String state, String log,
            Map<String, String> env) throws Exception {
        return DrillProcesses.Detector.start(broker.bootstrap(), model, applicationId, tmp.resolve(state),
                tmp.resolve(log), env, "--instance-id", instanceId);
    }

    /**
     * A feed of the drill's {@link #crops} crops of the sample at {@code perSecond}, one camera per
     * partition, {@code bad} sent in place of some.
     */
    CropFeed feed(double perSecond, Map<Long, byte[]> bad) {
        return new CropFeed(new CropFeed.Plan(broker.bootstrap(), sample, PARTITIONS, crops, perSecond, bad)).start();
    }

    /** A line of the drill's figures (see {@link DrillReport}). */
    void say(String line) {
        DrillReport.say(name, line);
    }

    /** What the drills report of the audit's problems. */
    static String outcome(List<String> problems) {
        return problems.isEmpty() ? "0 lost, 0 duplicated, frame order kept" : problems.toString();
    }

    /** The audit, then the broker. */
    @Override
    public void close() throws Exception {
        try {
            audit.close();
        } finally {
            broker.close();
        }
    }
}
