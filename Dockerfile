# One image for the API and both workers; the compose file picks the entry point.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The image runs Node 20; the AWS SDK's notice that its releases from 2027 need Node 22 is printed
# at every start otherwise (documented switch, aws/aws-sdk-js-v3#7983).
ENV AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
USER node
