# The image the Helm chart runs (infra/helm): the repository with its dependencies and both web
# apps built, at /app, as an unprivileged user. Every service and app starts from it.
FROM node:20-bookworm-slim
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build:apps && chown -R 1000:1000 /app
USER 1000
CMD ["node", "--import", "tsx", "libs/platform/src/runner/cli.ts", "node"]
