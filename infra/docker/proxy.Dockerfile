# syntax=docker/dockerfile:1.7
# The reverse proxy image: Caddy with the PWA built into it (pwa/dist) and infra/caddy/Caddyfile.
#   docker build -f infra/docker/proxy.Dockerfile -t balai/proxy .
ARG NODE_IMAGE=node:20-bookworm-slim
ARG CADDY_IMAGE=caddy:2.8-alpine

FROM ${NODE_IMAGE} AS pwa
WORKDIR /pwa
COPY pwa/package.json pwa/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY pwa/ ./
RUN npm run build

FROM ${CADDY_IMAGE}
COPY infra/caddy/Caddyfile /etc/caddy/Caddyfile
COPY --from=pwa /pwa/dist /srv/pwa
