# The runtime image: `ork` (ork run, validate, generate, control), statically linked against the
# Swift runtime, on distroless/cc (glibc, libgcc_s, libstdc++; no shell, no package manager).
# Build from the repository root:
#   docker build -f images/ork.Dockerfile -t ghcr.io/orkspace/orkestra-swift:0.1.0 .
# scripts/build-static is the build command (scripts/test builds the same binaries and runs them in
# the chart check on a real control plane).

FROM swift:6.3.1-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libncursesw5-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts/build-static scripts/image-tree ./scripts/
# The order in which build-static places functions (images/PRODUCT.order, from scripts/code-order).
COPY images ./images
# The binary, stripped, and what it needs beyond distroless/cc (scripts/image-tree).
RUN bin=$(scripts/build-static ork) && scripts/image-tree ork "$bin" /image

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /image/ /
ENV LD_LIBRARY_PATH=/usr/lib/orkestra
# 65532 (nonroot), as the chart's securityContext expects.
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/ork"]
CMD ["run", "--file", "/etc/orkestra/katalog/katalog.yaml", "--no-apply"]
