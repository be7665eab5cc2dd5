#!/bin/sh
# First start of the PostgreSQL container: one role and one database per service, so a service can
# reach only its own data. Passwords come from the environment (infra/env.example); nothing is stored here.
set -eu
for service in identity letters aid marketplace; do
  var="$(echo "${service}" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  password="$(printenv "${var}" || true)"
  if [ -z "${password}" ]; then
    echo "balai init: ${var} is not set" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --dbname postgres \
       -v role="balai_${service}" -v password="${password}" -v db="balai_${service}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
