#!/bin/sh
# Entry point of every Balai service image (BALAI_SERVICE is baked in at build time).
#   serve    uvicorn with WEB_CONCURRENCY workers on PORT (default)
#   migrate  Alembic upgrade of the service's database, then exit (a compose one-shot or a k8s Job)
#   *        run the given command
set -eu
service="${BALAI_SERVICE:?BALAI_SERVICE is not set}"
case "${1:-serve}" in
  serve)
    exec uvicorn --factory "balai.${service}.main:create_app" \
      --host 0.0.0.0 --port "${PORT:-8000}" --workers "${WEB_CONCURRENCY:-2}" \
      --proxy-headers --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
      --no-access-log --timeout-graceful-shutdown 20
    ;;
  migrate)
    exec python -m balai.common.migrations "balai.${service}" upgrade
    ;;
  *)
    exec "$@"
    ;;
esac
