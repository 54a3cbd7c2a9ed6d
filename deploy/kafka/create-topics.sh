#!/bin/bash
# Creates facestream's topics on the compose stack's broker (run once by the kafka-init service, with
# the apache/kafka image's own kafka-topics.sh). Idempotent: an existing topic is kept, and grown to
# TOPIC_PARTITIONS if it has fewer partitions (Kafka cannot shrink a topic).
#
# Every topic gets max.message.bytes=MAX_MESSAGE_BYTES: the one figure of SizeLimits.TOPIC_MAX_MESSAGE_BYTES
# (core/wire), which docs/reliability.md explains and SizeLimitsTest (deploy-check) keeps equal to this default.
#
# The partition count bounds the detectors: Kafka Streams gives each partition of face-crops to one
# stream thread, so `--scale detector=N` (times FACESTREAM_THREADS) beyond it leaves threads idle.
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVER:-kafka:19092}"
partitions="${TOPIC_PARTITIONS:-6}"
max_message_bytes="${MAX_MESSAGE_BYTES:-1048588}"
topics="face-crops keypoints face-crops-dlq face-review"
kafka_topics=/opt/kafka/bin/kafka-topics.sh

for topic in $topics; do
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor 1 \
    --config "max.message.bytes=$max_message_bytes"
  current="$("$kafka_topics" --bootstrap-server "$bootstrap" --describe --topic "$topic" \
    | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n 1)"
  if [ -n "$current" ] && [ "$current" -lt "$partitions" ]; then
    echo "growing $topic from $current to $partitions partitions"
    "$kafka_topics" --bootstrap-server "$bootstrap" --alter --topic "$topic" --partitions "$partitions"
  fi
done
# the model topic (docs/models.md): one partition, compacted, records of whole models (max.message.bytes 64 MiB,
# the registry's ModelTopic); facestream publish-model would create it the same way
model_topic="${MODEL_TOPIC:-models}"
"$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
  --topic "$model_topic" --partitions 1 --replication-factor 1 \
  --config cleanup.policy=compact --config max.message.bytes=67108864 \
  --config segment.bytes=134217728 --config segment.ms=86400000
"$kafka_topics" --bootstrap-server "$bootstrap" --describe --topic "face-crops|keypoints|face-crops-dlq|face-review|$model_topic" \
  | grep PartitionCount
