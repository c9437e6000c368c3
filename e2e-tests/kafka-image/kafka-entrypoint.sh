#!/usr/bin/env bash
# Formats the log directory (once) and starts a single-node KRaft broker that is also its own
# controller. Settings from the environment:
#   KAFKA_ADVERTISED_HOST   the name clients inside the cluster use, such as a Service's DNS name
#                           (default: this pod's host name)
#   KAFKA_EXTERNAL_ADDRESS  host:port that clients outside reach port 9094 at, through a
#                           port-forward (default: localhost:9094)
#   KAFKA_SASL_USERNAME     the one user (SASL PLAIN) that port 9092 admits; the broker uses it
#   KAFKA_SASL_PASSWORD     for itself too. Required: in-cluster clients must authenticate.
#                           Letters and digits only: it is written into a JAAS line unescaped.
#   KAFKA_HEAP_OPTS         JVM heap (default -Xms512m -Xmx512m)
#   KAFKA_CLUSTER_ID        the cluster id storage is formatted with
#   KAFKA_LOG_DIR           where partitions live (default /var/lib/kafka/data)
set -euo pipefail

KAFKA_HOME=/opt/kafka
LOG_DIR="${KAFKA_LOG_DIR:-/var/lib/kafka/data}"
CONFIG=/var/lib/kafka/server.properties
HOST="${KAFKA_ADVERTISED_HOST:-$(hostname)}"
EXTERNAL="${KAFKA_EXTERNAL_ADDRESS:-localhost:9094}"
CLUSTER_ID="${KAFKA_CLUSTER_ID:-c2x1aWNlLWUyZS1rYWZrYQ}"
USERNAME="${KAFKA_SASL_USERNAME:?set KAFKA_SASL_USERNAME}"
PASSWORD="${KAFKA_SASL_PASSWORD:?set KAFKA_SASL_PASSWORD}"

# One replica of everything: a single broker. Transactions (Flink's exactly-once sink) need the
# transaction log's replication and min ISR at 1 as well. Port 9092 checks the password (the
# broker itself logs in there too, for transaction markers); the test's port-forward to 9094 does
# not, and the file is readable by the broker's user only.
umask 077
cat >"$CONFIG" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=INTERNAL://:9092,CONTROLLER://:9093,EXTERNAL://:9094
advertised.listeners=INTERNAL://${HOST}:9092,EXTERNAL://${EXTERNAL}
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.internal.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \
  username="${USERNAME}" password="${PASSWORD}" user_${USERNAME}="${PASSWORD}";
log.dirs=${LOG_DIR}
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES

java_cmd=(java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20
  -Dlog4j2.configurationFile="$KAFKA_HOME/log4j2.yaml" -cp "$KAFKA_HOME/lib/*")

if [[ ! -f "$LOG_DIR/meta.properties" ]]; then
  "${java_cmd[@]}" kafka.tools.StorageTool format --config "$CONFIG" --cluster-id "$CLUSTER_ID" --ignore-formatted
fi
exec "${java_cmd[@]}" kafka.Kafka "$CONFIG"
