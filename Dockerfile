# syntax=docker/dockerfile:1
# The instagram-feed server as a container: `docker build -t instagram-feed .`, then see README.md
# ("Going live") for `docker run` and compose.yaml. test/e2e/production.test.ts runs this file's
# runtime steps (its install command, ENV and CMD) on a copy of the built tree, since CI has no Docker.

# --- build: the full toolchain compiles the server, the widget and the demo page into dist/ ---
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and dist/ only (no TypeScript, tsx, vite or sources) ---
FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The data directory (tokens, sealed; feed copies; mirrored media) belongs to the unprivileged user.
# /media: MEDIA_DIR of compose.cluster.yaml, a volume the instances share (a new volume takes this owner).
RUN mkdir -p /data /media && chown node:node /data /media
USER node
VOLUME /data
EXPOSE 3000
# /readyz is 200 once the store is open and 503 while starting or draining; Node's fetch, as the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/server/server/main.js"]
