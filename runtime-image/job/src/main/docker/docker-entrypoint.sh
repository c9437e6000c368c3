#!/usr/bin/env bash
# Starts one Flink process of a Sluice job in Flink's standalone mode.
#
#   docker-entrypoint.sh jobmanager  [-D key=value]...   the application cluster running the plan
#   docker-entrypoint.sh taskmanager [-D key=value]...   a task manager that joins it
#
# Flink's configuration is $FLINK_CONF_DIR/config.yaml plus the -D options; the job manager runs
# the plan in $SLUICE_PLAN. JVM memory options come from Flink's own calculation, as in Flink's bin/.
set -euo pipefail

SLUICE_HOME="${SLUICE_HOME:-/opt/sluice}"
FLINK_CONF_DIR="${FLINK_CONF_DIR:-$SLUICE_HOME/conf}"
SLUICE_PLAN="${SLUICE_PLAN:-/etc/sluice/plan.json}"
SLUICE_JAR="${SLUICE_JAR:-$SLUICE_HOME/lib/sluice-runtime-job.jar}"
LOG4J_CONFIG="${LOG4J_CONFIG:-$SLUICE_HOME/log4j-console.properties}"
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$SLUICE_HOME/plugins}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Flink reaches into these JDK internals (serializers, network buffers), as its own scripts allow.
JDK_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

# Prints two lines: the JVM memory parameters, then the -D settings derived from them. A short-lived
# JVM: without the optimising compiler and with the serial collector it starts a third faster.
resource_params() {
  "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$SLUICE_JAR" -Dlog4j.configurationFile="$LOG4J_CONFIG" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$FLINK_CONF_DIR" "${@:2}" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -n 2
}

role="${1:-}"
shift || true
case "$role" in
  jobmanager)
    params="$(resource_params GET_JM_RESOURCE_PARAMS "$@")"
    main=dev.sluice.runtime.ApplicationEntrypoint
    job_args=(--plan "$SLUICE_PLAN")
    ;;
  taskmanager)
    params="$(resource_params GET_TM_RESOURCE_PARAMS "$@")"
    main=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    job_args=()
    ;;
  *)
    echo "usage: $0 jobmanager|taskmanager [-D key=value]..." >&2
    exit 2
    ;;
esac
jvm_params="$(sed -n 1p <<<"$params")"
derived="$(sed -n 2p <<<"$params")"

# shellcheck disable=SC2086 # JDK_OPENS, JAVA_OPTS and the parameters are lists of words.
exec "$JAVA" $jvm_params $JDK_OPENS ${JAVA_OPTS:-} -Dlog4j.configurationFile="$LOG4J_CONFIG" \
  -cp "$SLUICE_JAR" "$main" --configDir "$FLINK_CONF_DIR" $derived "$@" "${job_args[@]}"
