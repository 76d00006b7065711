#!/usr/bin/env bash
# The Kafka broker of docker-compose.yml (image apache/kafka), mounted into its container as
# /etc/sargs/compose-broker.sh. Every client authenticates with SASL/SCRAM-SHA-512 and the
# StandardAuthorizer checks its ACLs. The SCRAM users come from the environment:
# SARGS_KAFKA_<NAME>_PASSWORD is the password of the user sargs-<name> (lower case), so
# SARGS_KAFKA_ADMIN_PASSWORD is sargs-admin's (the super user that provisions topics and ACLs:
# kafka-provision) and SARGS_KAFKA_BROKER_PASSWORD the broker's own (sargs-broker: between brokers,
# and with PLAIN on the controller listener, where it is checked against the JAAS configuration).
#
#   start      the container's command: formats a new log directory with every SCRAM user (the
#              only moment Kafka takes them without a running broker and an admin), then hands
#              over to the image's own entrypoint, whose format finds the directory formatted.
#   healthy    the health check: the broker answers sargs-admin, authenticated, on 9092.
#   add-users  for a log directory formatted earlier (before SASL, or before a user was added to
#              docker-compose.yml, or with a password since changed in .env): gives the running
#              broker every user's SCRAM credentials, as sargs-broker on the controller listener:
#                docker compose exec kafka bash /etc/sargs/compose-broker.sh add-users
set -euo pipefail

readonly SCRAM=SCRAM-SHA-512
readonly BIN=/opt/kafka/bin

# "name password", a line per SARGS_KAFKA_<NAME>_PASSWORD of the environment.
scram_users() {
  local var name value
  for var in $(compgen -e); do
    [[ $var =~ ^SARGS_KAFKA_([A-Z0-9]+)_PASSWORD$ ]] || continue
    name=sargs-${BASH_REMATCH[1],,}
    value=${!var}
    # Unquoted in the --add-scram and JAAS syntax: no separators (the .env recipe makes hex).
    if [[ ! $value =~ ^[A-Za-z0-9._~-]+$ ]]; then
      echo "compose-broker: $var must be made of A-Z a-z 0-9 . _ ~ - (see the top of docker-compose.yml)" >&2
      return 1
    fi
    printf '%s %s\n' "$name" "$value"
  done
}

# server.properties from the KAFKA_* environment, each name mapped as the image's
# KafkaDockerWrapper maps it (KAFKA_ dropped, lower case, _ -> ., ___ -> -, __ -> _), so the format
# below sees the configuration the broker will run with.
server_properties() {
  local var key
  for var in $(compgen -e); do
    [[ $var == KAFKA_* ]] || continue
    case $var in
      KAFKA_VERSION | KAFKA_HEAP_OPTS | KAFKA_LOG4J_OPTS | KAFKA_OPTS | KAFKA_JMX_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_GC_LOG_OPTS | \
        KAFKA_LOG4J_ROOT_LOGLEVEL | KAFKA_LOG4J_LOGGERS | KAFKA_TOOLS_LOG4J_LOGLEVEL | KAFKA_JMX_HOSTNAME) continue ;;
    esac
    key=${var#KAFKA_}
    key=${key,,}
    key=${key//_/.}
    key=${key//.../-}
    key=${key//../_}
    printf '%s=%s\n' "$key" "${!var}"
  done
}

# A client's SASL settings: mechanism, login module (of org.apache.kafka.common.security), user, password.
client_properties() {
  printf '%s\n' security.protocol=SASL_PLAINTEXT "sasl.mechanism=$1" \
    "sasl.jaas.config=org.apache.kafka.common.security.$2 required username=\"$3\" password=\"$4\";"
}

start() {
  local log_dir=${KAFKA_LOG_DIRS:?KAFKA_LOG_DIRS is not set}
  : "${CLUSTER_ID:?CLUSTER_ID is not set}" "${SARGS_KAFKA_ADMIN_PASSWORD:?}" "${SARGS_KAFKA_BROKER_PASSWORD:?}"
  if [[ ! -e $log_dir/meta.properties ]]; then
    local users properties name password names=() args=()
    users=$(scram_users)
    while read -r name password; do
      names+=("$name")
      args+=(--add-scram "$SCRAM=[name=$name,password=$password]")
    done <<<"$users"
    properties=$(mktemp)
    server_properties >"$properties"
    echo "compose-broker: formatting $log_dir with the SCRAM users ${names[*]}"
    if ! "$BIN/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$properties" "${args[@]}"; then
      rm -f "$properties"
      exit 1
    fi
    rm -f "$properties"
  fi
  exec /etc/kafka/docker/run
}

healthy() {
  local config
  config=$(mktemp)
  trap 'rm -f "$config"' EXIT
  client_properties "$SCRAM" scram.ScramLoginModule sargs-admin "${SARGS_KAFKA_ADMIN_PASSWORD:?}" >"$config"
  "$BIN/kafka-broker-api-versions.sh" --bootstrap-server localhost:9092 --command-config "$config" >/dev/null
}

add_users() {
  local users config credential name password
  users=$(scram_users)
  config=$(mktemp)
  credential=$(mktemp)
  trap 'rm -f "$config" "$credential"' EXIT
  client_properties PLAIN plain.PlainLoginModule sargs-broker "${SARGS_KAFKA_BROKER_PASSWORD:?}" >"$config"
  while read -r name password; do
    # A file keeps the password off the command line; its value goes without the [...] of --add-config.
    printf '%s=password=%s\n' "$SCRAM" "$password" >"$credential"
    "$BIN/kafka-configs.sh" --bootstrap-controller 127.0.0.1:9093 --command-config "$config" \
      --alter --add-config-file "$credential" --entity-type users --entity-name "$name" >/dev/null
    echo "compose-broker: SCRAM credentials of $name set"
  done <<<"$users"
}

case "${1:-}" in
  start) start ;;
  healthy) healthy ;;
  add-users) add_users ;;
  *)
    echo "usage: compose-broker.sh start|healthy|add-users" >&2
    exit 2
    ;;
esac
