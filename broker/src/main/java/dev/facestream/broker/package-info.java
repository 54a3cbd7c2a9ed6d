/**
 * An in-process, single-node Kafka broker (KRaft, broker and controller in one JVM) for the
 * integration tests and the {@code demo} command, so neither needs Docker or an installed Kafka.
 * Not for production: one replica, data in a temporary directory deleted on close.
 */
package dev.facestream.broker;
