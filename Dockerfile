# syntax=docker/dockerfile:1
#
# One image for every Sargs app. `npm run build` compiles apps/ and libs/ with swc into dist/
# (path aliases rewritten, decorator metadata kept); the image holds dist/ and the production
# node_modules only: no compiler runs in production.
#
# Which app runs:
#   docker build --build-arg APP=identity -t sargs-identity .   (docker-compose.yml does this)
#   docker run -e APP=identity sargs                            (same image, app chosen at run time)
#   Kubernetes: one image `sargs`; each Deployment overrides the command with its own
#   `node dist/apps/<app>/src/main.js`, so no extra variable reaches the app.
#   The restore Job (k8s/base/restore) runs `node dist/tools/backup/restore.js` from it.
#
# .dockerignore is an allow-list: a new COPY source must be let in there too.
# k8s/image-build.spec.ts checks both statically and runs the build stage (no engine in CI).

# Node 24 LTS (Node 20 is past its end of life).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- dependencies -------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# npm 11.16+ honours the `allowScripts` policy in package.json (older npm releases, such as the
# one node 24 may ship, ignore it and would run every install script): pinned here.
# --strict-allow-scripts turns a dependency with an unreviewed install script into a failed
# build instead of a warning.
RUN npm install --global npm@11.19.1 && npm cache clean --force
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --strict-allow-scripts --no-audit --no-fund && npm cache clean --force

# ---- build --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN npm install --global npm@11.19.1 && npm cache clean --force
COPY package.json package-lock.json ./
RUN npm ci --strict-allow-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json ./
COPY tools/build ./tools/build
COPY libs ./libs
COPY apps ./apps
RUN npm run build
# The restore command (tools/backup) and the Kafka provisioning command (tools/kafka) are not part
# of `npm run build` (apps/ and libs/ only): compiled here with the same swc settings as
# tools/build/build.ts, into dist/tools/<dir>, where their relative requires of dist/apps and
# dist/libs resolve.
COPY tools/backup ./tools/backup
COPY tools/kafka ./tools/kafka
RUN node -e ' \
  const { transformFileSync } = require("@swc/core"); \
  const fs = require("node:fs"); \
  const path = require("node:path"); \
  const { compilerOptions } = require("./tsconfig.base.json"); \
  for (const dir of ["tools/backup", "tools/kafka"]) { \
  const names = fs.readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.endsWith(".spec.ts")); \
  for (const name of names) { \
    const file = path.resolve(dir, name); \
    const out = path.resolve("dist", dir, name.slice(0, -3) + ".js"); \
    const { code } = transformFileSync(file, { \
      filename: file, outputPath: out, module: { type: "commonjs" }, \
      jsc: { target: "es2022", baseUrl: process.cwd(), paths: compilerOptions.paths, keepClassNames: true, \
        parser: { syntax: "typescript", decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } }, \
    }); \
    fs.mkdirSync(path.dirname(out), { recursive: true }); \
    fs.writeFileSync(out, code); \
  } \
  console.log("compiled " + names.length + " files of " + dir + " into dist/" + dir); \
  }'

# ---- runtime ------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node (graceful shutdown) and reaps zombies. postgresql-client
# (15 on bookworm, matching the server): pg_dump for retention's backups, pg_restore for the
# restore Job (dist/tools/backup/restore.js).
RUN apt-get update \
  && apt-get install --yes --no-install-recommends tini postgresql-client \
  && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production
# V8's young generation: each semi-space at most 4 MiB. Otherwise V8 sizes it from the memory it
# sees (up to 16 MiB each where the limit is 2 GiB or more, 1 MiB in a 256Mi pod), and an app grows it
# while it loads its code and keeps it for a minute or more: some 25 MB resident of nothing but
# empty young space. Every container of the image (Kubernetes, docker-compose) inherits this, and
# the launcher (libs/devstack appNodeOptions) reads it from here for the local stack, the tests and
# the bench: one place. docs/performance.md, "Idle memory".
ENV NODE_OPTIONS="--max-semi-space-size=4"
WORKDIR /app

# Everything is owned by root and read-only for the app user: the app cannot change its own
# code, and Kubernetes runs it with readOnlyRootFilesystem (only /tmp is writable there).
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
# The privacy policy versions consent publishes when it has none yet (POLICY_SEED_DIR).
COPY policies ./policies

# /tls holds the gateway's development certificate in docker-compose.yml (a named volume
# mounted here inherits this owner). In Kubernetes TLS ends at the Ingress and it is unused.
# /var/lib/sargs/backups is retention's BACKUP_DIR in docker-compose.yml and Kubernetes (a volume
# mounted there; a named volume inherits this owner).
RUN mkdir -p /tls /var/lib/sargs/backups && chown 1000:1000 /tls /var/lib/sargs/backups && chmod 700 /var/lib/sargs/backups

ARG APP=gateway
ENV APP=${APP}

# The `node` user of the base image, numerically so Kubernetes can verify runAsNonRoot.
USER 1000:1000

# The apps' own ports, and MANAGEMENT_PORT (probes and metrics; the same in every container).
EXPOSE 8443 8080 3101 3102 3103 3104 3105 9464
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec node \"dist/apps/${APP}/src/main.js\""]
