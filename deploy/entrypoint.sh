#!/bin/sh
# Entrypoint of the facestream image: `docker run facestream:cpu <command>` runs `facestream <command>`.
#
# Configuration is by environment only. The application itself maps every option to a variable:
# --bootstrap-servers reads FACESTREAM_BOOTSTRAP_SERVERS, --max-wait-ms reads FACESTREAM_MAX_WAIT_MS
# (FACESTREAM_ + long option name, '-' -> '_', upper case); FACESTREAM_KAFKA_<PROPERTY> adds Kafka client
# properties. This script adds only what the application does not do itself:
#
#   produce: its source is a required either-or option group (--camera | --video | --images), which
#            picocli does not fill from the environment, so FACESTREAM_CAMERA, FACESTREAM_IMAGES or
#            FACESTREAM_VIDEO (first one set wins) is passed on as that option unless one is given;
#   FACESTREAM_JAVA_OPTS   JVM options (default: -XX:MaxRAMPercentage=75, i.e. sized by the container limit);
#   FACESTREAM_NO_TCMALLOC set to anything to not preload tcmalloc (PyTorch on CPU is ~1.5x faster with it).
#
# ENTRYPOINT_PRINT_ARGS=1 prints the arguments the command would get, one per line, and exits
# (the deploy-check test uses it to parse exactly what a container runs).
set -eu

if [ "${1:-}" = produce ]; then
  has_source=no
  for arg in "$@"; do
    case "$arg" in
      --camera|--camera=*|--video|--video=*|--images|--images=*) has_source=yes ;;
    esac
  done
  if [ "$has_source" = no ]; then
    if [ -n "${FACESTREAM_CAMERA:-}" ]; then
      set -- "$@" --camera "$FACESTREAM_CAMERA"
    elif [ -n "${FACESTREAM_IMAGES:-}" ]; then
      set -- "$@" --images "$FACESTREAM_IMAGES"
    elif [ -n "${FACESTREAM_VIDEO:-}" ]; then
      set -- "$@" --video "$FACESTREAM_VIDEO"
    fi
  fi
fi

if [ -n "${ENTRYPOINT_PRINT_ARGS:-}" ]; then
  for arg in "$@"; do
    printf '%s\n' "$arg"
  done
  exit 0
fi

tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
if [ -f "$tcmalloc" ] && [ -z "${FACESTREAM_NO_TCMALLOC:-}" ]; then
  export LD_PRELOAD="$tcmalloc${LD_PRELOAD:+:$LD_PRELOAD}"
fi

# FACESTREAM_JAVA_OPTS is split into words on purpose (several JVM options in one variable)
# shellcheck disable=SC2086
exec java ${FACESTREAM_JAVA_OPTS:--XX:MaxRAMPercentage=75} -Dai.djl.offline=true -jar /app/facestream.jar "$@"
