# syntax=docker/dockerfile:1
# Answerdesk: `docker build -t answerdesk .` then `docker run -p 3000:3000 answerdesk`.
# Three stages: the production dependencies (compiled once, cached while the lockfile is
# unchanged), the build (the full install, compile, derived retrieval data, bundles), and the
# runtime image, which holds only the first stage's node_modules and the build's dist/.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
# better-sqlite3 compiles from source where no prebuilt binary can be downloaded.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM toolchain AS deps
COPY package.json package-lock.json ./
COPY scripts ./scripts
# Its `prepare` step finds no compiler, builds nothing and removes other platforms' binaries.
RUN npm ci --omit=dev --no-audit --no-fund

FROM toolchain AS build
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 esbuild
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATA_DIR=/data \
  KNOWLEDGE_DIR=/knowledge \
  ORT_DISABLE_TELEMETRY=1
WORKDIR /app
# Code and dependencies belong to root and are read-only to the server's user; it writes only
# to its two volumes.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build --chown=node:node /app/knowledge /knowledge
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data", "/knowledge"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
