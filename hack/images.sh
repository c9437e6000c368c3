#!/usr/bin/env bash
# Builds Sluice's images from the project's Dockerfiles with `docker build`, without a registry:
#
#   sluice/runtime:<chart appVersion>    runtime-image/job/Dockerfile: Flink, the job jar, entrypoints
#   sluice/operator:<chart appVersion>   operator/Dockerfile
#   sluice/kafka:<kafka.version>         e2e-tests/kafka-image/Dockerfile: a KRaft broker for the e2e tests
#
# Usage: hack/images.sh
#   SLUICE_E2E_BUILD_IMAGES=false   do nothing (the e2e Maven profile runs this script; images
#                built some other way)
#   BASE_IMAGE   the Java 17 image they build on (default sluice/debian-jre17:bookworm, made by
#                hack/base-image.sh from Debian's packages; any JRE image with bash works)
#
# Reruns take seconds. The jars are packaged by Maven only when missing or older than their
# sources. Each image's build context is sent as a tar of exactly the files its Dockerfile copies;
# the image carries the hash of that tar, the base image and the build arguments in a label, and
# an image whose label matches is kept without calling docker build.
# Logs go to stderr, with each phase's time; the image names are printed on stdout.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

BASE_IMAGE="${BASE_IMAGE:-sluice/debian-jre17:bookworm}"
HASH_LABEL=dev.sluice.build-hash
VERSION="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' helm/sluice/Chart.yaml)"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml)"
RUNTIME_IMAGE="sluice/runtime:$VERSION"
OPERATOR_IMAGE="sluice/operator:$VERSION"
KAFKA_IMAGE="sluice/kafka:$KAFKA_VERSION"

log() { printf '[images] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

timed() {
  local what="$1" t0
  shift
  t0=$(date +%s)
  "$@"
  log "$what: $(($(date +%s) - t0))s"
}

if [[ "${SLUICE_E2E_BUILD_IMAGES:-true}" == false ]]; then
  log "skipped (SLUICE_E2E_BUILD_IMAGES=false)"
  exit 0
fi
[[ -n "$VERSION" && -n "$KAFKA_VERSION" ]] || die "cannot read the versions from helm/sluice/Chart.yaml and pom.xml"
docker info >/dev/null 2>&1 || die "Docker daemon not reachable (hack/e2e-prereqs.sh starts one)"

base_image() {
  if [[ "$BASE_IMAGE" == sluice/debian-jre17:* ]]; then
    hack/base-image.sh jre >&2
  fi
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 || die "base image $BASE_IMAGE not found: build or pull it"
}

# Whether $1 is missing or any of the other paths holds a file newer than it.
stale() {
  local target="$1"
  shift
  [[ -e "$target" ]] || return 0
  [[ -n "$(find "$@" -newer "$target" -type f -print -quit 2>/dev/null)" ]]
}

jars() {
  local job_jar=(runtime-image/job/target/sluice-job-*-job.jar)
  if stale "${job_jar[0]}" pom.xml crds/pom.xml crds/src/main runtime-image/pom.xml runtime-image/*/pom.xml \
    runtime-image/*/src/main ||
    [[ ! -d operator/target/lib ]] ||
    stale operator/target/sluice-operator.jar operator/pom.xml operator/src/main crds/src/main runtime-image/core/src/main \
      runtime-image/flink/src/main; then
    log "packaging the runtime and operator jars"
    # copy-dependencies never removes a jar: one left from a module since renamed would shadow
    # classes of the same package in the operator image.
    rm -rf operator/target/lib
    ./mvnw -B -q -pl runtime-image/job,operator -am package -DskipTests >&2
  else
    log "runtime and operator jars are up to date"
  fi
  if stale e2e-tests/kafka-image/target/lib e2e-tests/kafka-image/pom.xml pom.xml; then
    log "collecting Kafka $KAFKA_VERSION's jars"
    rm -rf e2e-tests/kafka-image/target/lib
    ./mvnw -B -q -f e2e-tests/kafka-image/pom.xml package >&2
  else
    log "Kafka's jars are up to date"
  fi
}

# A build context as a reproducible tar: the same files give the same bytes, hence the same hash.
context() {
  local dir="$1"
  shift
  tar -C "$dir" -c --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu "$@"
}

# build IMAGE DOCKERFILE CONTEXT_DIR PATH...: builds unless the image's label holds the same hash.
build() {
  local image="$1" dockerfile="$2" dir="$3" hash have
  shift 3
  hash="$({
    context "$dir" "$@"
    docker image inspect -f '{{.Id}}' "$BASE_IMAGE"
    echo "$dockerfile $image"
  } | sha256sum | cut -c1-16)"
  have="$(docker image inspect -f "{{index .Config.Labels \"$HASH_LABEL\"}}" "$image" 2>/dev/null || true)"
  if [[ "$have" == "$hash" ]]; then
    log "$image is up to date ($hash)"
    return
  fi
  log "building $image"
  context "$dir" "$@" | docker build -q -f "$dockerfile" --build-arg BASE_IMAGE="$BASE_IMAGE" \
    --label "$HASH_LABEL=$hash" -t "$image" - 2> >(grep -vE 'DEPRECATED|buildx|BuildKit|^$' >&2) >/dev/null
}

images() {
  local job_jar
  job_jar="$(cd runtime-image/job && echo target/sluice-job-*-job.jar)"
  timed "$RUNTIME_IMAGE" build "$RUNTIME_IMAGE" Dockerfile runtime-image/job \
    Dockerfile target/plugins "$job_jar" src/main/docker
  timed "$OPERATOR_IMAGE" build "$OPERATOR_IMAGE" operator/Dockerfile . \
    operator/Dockerfile operator/jvm.options operator/target/lib operator/target/sluice-operator.jar
  timed "$KAFKA_IMAGE" build "$KAFKA_IMAGE" Dockerfile e2e-tests/kafka-image \
    Dockerfile target/lib log4j2.yaml kafka-entrypoint.sh
}

t0=$(date +%s)
timed "base image $BASE_IMAGE" base_image
timed "jars" jars
images
for image in "$RUNTIME_IMAGE" "$OPERATOR_IMAGE" "$KAFKA_IMAGE"; do
  log "$(printf '%-28s %5d MB' "$image" "$(($(docker image inspect -f '{{.Size}}' "$image") / 1000000))")"
  echo "$image"
done
log "all images: $(($(date +%s) - t0))s"
