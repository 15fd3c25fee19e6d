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
COPY scripts/build-static ./scripts/
# The order in which build-static places functions (images/PRODUCT.order, from scripts/code-order).
COPY images ./images
RUN bin=$(scripts/build-static ork) \
    && mkdir -p /image/usr/local/bin /image/usr/lib/orkestra \
    && cp "$bin" /image/usr/local/bin/ork \
    && strip /image/usr/local/bin/ork \
    # Every shared library the binary needs beyond what distroless/cc has (ncurses, zlib).
    && ldd /image/usr/local/bin/ork | awk '/=>/ { print $3 }' \
       | grep -vE '/(libc|libm|libstdc\+\+|libgcc_s|libpthread|libdl|librt)\.so' \
       | xargs -r -I{} cp -L {} /image/usr/lib/orkestra/
# ncurses reads the terminal descriptions for `ork control` (kubectl exec -it … ork control).
RUN mkdir -p /image/lib && cp -r /lib/terminfo /image/lib/terminfo

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /image/ /
ENV LD_LIBRARY_PATH=/usr/lib/orkestra
# 65532 (nonroot), as the chart's securityContext expects.
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/ork"]
CMD ["run", "--file", "/etc/orkestra/katalog/katalog.yaml", "--no-apply"]
