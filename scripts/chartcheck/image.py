"""The root file system each Dockerfile produces, assembled from the static binaries by the
Dockerfiles' own scripts/image-tree, on a model of the distroless/cc base."""
import json
import os
import re
import shutil

from chartcheck.cluster import BASE_IMAGE_LIBRARIES, ROOT, fail, run, say

class Image:
    def __init__(self, dockerfile, binary, work):
        self.dockerfile = dockerfile
        with open(dockerfile) as file:
            self.source = file.read()
        # The repository the chart's values name, from the documented `docker build` line.
        built = re.search(r"docker build -f \S+ -t (\S+):\S+ \.", self.source)
        if not built:
            fail(f"{dockerfile}: no `docker build -f … -t REPOSITORY:TAG .` line to take the image name from")
        self.repository = built.group(1)
        text = re.sub(r"\\\n", " ", self.source)
        lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
        stages = [i for i, line in enumerate(lines) if line.upper().startswith("FROM ")]
        final = lines[stages[-1]:]
        self.base = final[0].split()[1]
        self.environment, self.entrypoint, self.cmd, self.user = {}, [], [], None
        for line in final[1:]:
            instruction, _, rest = line.partition(" ")
            instruction = instruction.upper()
            if instruction == "ENV":
                for key, value in re.findall(r"(\w+)=(\S+)", rest):
                    self.environment[key] = value
            elif instruction == "ENTRYPOINT":
                self.entrypoint = json.loads(rest)
            elif instruction == "CMD":
                self.cmd = json.loads(rest)
            elif instruction == "USER":
                self.user = rest.strip()
            elif instruction not in ("COPY", "EXPOSE", "LABEL"):
                fail(f"{dockerfile}: the final stage has {instruction}; it must only copy files (no shell there)")
        if not self.base.startswith("gcr.io/distroless/cc-debian12"):
            fail(f"{dockerfile}: the final stage is {self.base}, not distroless/cc-debian12")
        if self.user != "65532:65532":
            fail(f"{dockerfile}: USER is {self.user}, the chart's securityContext runs 65532:65532")
        self.product = os.path.basename(dockerfile).removesuffix(".Dockerfile")
        if not re.search(rf'scripts/image-tree {re.escape(self.product)} "\$bin" /image\b', text):
            fail(f"{dockerfile}: the build stage does not lay out /image with scripts/image-tree {self.product}")
        self.root = os.path.join(work, "images", self.product)
        self.assemble(binary)

    def assemble(self, binary):
        """The image's files: what scripts/image-tree lays out (the stripped binary, the libraries the
        base lacks, terminfo for ork), then the base image's C libraries and users; nothing else (no
        shell). Every library the binary needs must be in the one or the other."""
        root = self.root
        shutil.rmtree(root, ignore_errors=True)
        run([os.path.join(ROOT, "scripts/image-tree"), self.product, binary, root])
        target = os.path.join(root, self.entrypoint[0].lstrip("/"))
        if not os.path.isfile(target):
            fail(f"{self.dockerfile}: ENTRYPOINT {self.entrypoint[0]} is not what scripts/image-tree lays out")
        for directory in ("lib/x86_64-linux-gnu", "lib64", "etc/ssl/certs", "proc", "dev", "tmp"):
            os.makedirs(os.path.join(root, directory), exist_ok=True)
        copied = sorted(os.listdir(os.path.join(root, "usr/lib/orkestra")))
        for name, path in re.findall(r"^\s*(\S+) => (\S+)", run(["ldd", target]).stdout, re.M):
            if name in copied:
                continue
            if name not in BASE_IMAGE_LIBRARIES:
                fail(f"{self.dockerfile}: {self.product} needs {name}, which neither distroless/cc nor scripts/image-tree provides")
            shutil.copy2(path, os.path.join(root, "lib/x86_64-linux-gnu", name))
        shutil.copy2("/lib64/ld-linux-x86-64.so.2", os.path.join(root, "lib64"))
        shutil.copy2("/etc/ssl/certs/ca-certificates.crt", os.path.join(root, "etc/ssl/certs"))
        with open(os.path.join(root, "etc/passwd"), "w") as out:
            out.write("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")
        with open(os.path.join(root, "etc/group"), "w") as out:
            out.write("root:x:0:\nnonroot:x:65532:\n")
        if os.path.exists(os.path.join(root, "bin/sh")):
            fail(f"{self.dockerfile}: the image has a shell")
        say(f"{os.path.basename(self.dockerfile)}: {self.entrypoint[0]} statically linked against Swift; "
            f"copies {', '.join(copied) or 'no libraries'}; distroless/cc has the rest")


