# Dockerfile -- irready in a container: built from source, run as non-root
#
#   make image                      (docker or podman; IMAGE=irready:<version>)
#   docker build -t irready .       the same, by hand
#   docker build --target s3 -t irready:s3 .   plus the aws CLI, for
#                                   deploy/entrypoint.sh with OUTPUT_URI=s3://
#   docker run --rm -v "$PWD/reports:/reports" -e AWS_PROFILE -v ~/.aws:/home/irready/.aws:ro \
#       irready audit --output-dir /reports
#
# Stages: 'build' compiles and stages 'make install-files' under /stage;
# 'base' is Debian 12 slim with only the runtime libraries (the ones the
# Debian package Depends on; tests/t_deploy.py compares them) and the
# staged files; 's3' adds the aws CLI; 'runtime', the default, is base.
# Reports go to /reports, the working directory, meant to be a mounted
# volume. The user is irready (uid and gid 10001), as the deploy/
# manifests' securityContext expects.
ARG DEBIAN_IMAGE=debian:12-slim

FROM ${DEBIAN_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gcc libc6-dev make pkg-config libcurl4-openssl-dev libssl-dev \
      libxml2-dev libcjson-dev libcsv-dev libsqlite3-dev libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make -j"$(nproc)" O=/build PREFIX=/usr/local binaries \
 && make O=/build PREFIX=/usr/local DESTDIR=/stage install-files \
 && strip --strip-unneeded /stage/usr/local/bin/irready

FROM ${DEBIAN_IMAGE} AS base
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libcjson1 libcsv3 libcurl4 libpq5 libsqlite3-0 libssl3 libxml2 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 irready \
 && useradd --system --uid 10001 --gid 10001 --create-home \
      --home-dir /home/irready --shell /usr/sbin/nologin irready \
 && install -d -o 10001 -g 10001 -m 0750 /reports
COPY --from=build /stage/usr/local/ /usr/local/
USER 10001:10001
WORKDIR /reports
VOLUME ["/reports"]
ENTRYPOINT ["irready"]
CMD ["--help"]

FROM base AS s3
USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends awscli \
 && rm -rf /var/lib/apt/lists/*
USER 10001:10001

FROM base AS runtime
