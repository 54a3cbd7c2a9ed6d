#!/bin/sh
# HEALTHCHECK of the facestream image. A long-running command (produce, detect-stream, ...) is healthy
# while its Prometheus endpoint answers on FACESTREAM_METRICS_PORT. Without that variable, with metrics
# off (-1) or on a random port (0), and for a batch command without an endpoint (train), healthy means
# that the JVM (PID 1) is still running.
# live serves /metrics on its page port (FACESTREAM_PORT)
port="${FACESTREAM_METRICS_PORT:-${FACESTREAM_PORT:-}}"
case "$port" in
  ''|0|-*|*[!0-9]*) kill -0 1; exit $? ;;
esac
exec curl -fsS -o /dev/null --max-time 4 "http://127.0.0.1:${port}/metrics"
