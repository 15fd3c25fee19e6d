"""The root file system each Dockerfile produces, assembled from the static binaries."""
import json
import os
import re
import shutil

from chartcheck.cluster import BASE_IMAGE_LIBRARIES, fail, run, say

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
        exclude = re.search(r"grep -vE '([^']+)'", text)
        if not exclude:
            fail(f"{dockerfile}: no library filter (grep -vE '…') in the build stage")
        self.base_pattern = re.compile(exclude.group(1))
        self.root = os.path.join(work, "images", os.path.basename(dockerfile).removesuffix(".Dockerfile"))
        self.assemble(binary)

    def assemble(self, binary):
        """The image's files: the binary at ENTRYPOINT, the libraries the Dockerfile copies, the
        base image's C libraries and users; nothing else (no shell)."""
        root = self.root
        for directory in ("usr/local/bin", "usr/lib/orkestra", "lib/x86_64-linux-gnu", "lib64", "etc/ssl/certs",
                          "proc", "dev", "tmp"):
            os.makedirs(os.path.join(root, directory), exist_ok=True)
        target = os.path.join(root, self.entrypoint[0].lstrip("/"))
        shutil.copy2(binary, target)
        needed = re.findall(r"^\s*(\S+) => (\S+)", run(["ldd", binary]).stdout, re.M)
        copied = []
        for name, path in needed:
            if self.base_pattern.search(path):
                if name not in BASE_IMAGE_LIBRARIES:
                    fail(f"{self.dockerfile}: {binary} needs {name}, which neither distroless/cc nor the Dockerfile provides")
                shutil.copy2(path, os.path.join(root, "lib/x86_64-linux-gnu", name))
            else:
                shutil.copy2(path, os.path.join(root, "usr/lib/orkestra", name))
                copied.append(name)
        shutil.copy2("/lib64/ld-linux-x86-64.so.2", os.path.join(root, "lib64"))
        shutil.copy2("/etc/ssl/certs/ca-certificates.crt", os.path.join(root, "etc/ssl/certs"))
        with open(os.path.join(root, "etc/passwd"), "w") as out:
            out.write("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")
        with open(os.path.join(root, "etc/group"), "w") as out:
            out.write("root:x:0:\nnonroot:x:65532:\n")
        if "/terminfo" in self.source:
            shutil.copytree("/lib/terminfo", os.path.join(root, "lib/terminfo"), dirs_exist_ok=True)
        if os.path.exists(os.path.join(root, "bin/sh")):
            fail(f"{self.dockerfile}: the image has a shell")
        say(f"{os.path.basename(self.dockerfile)}: {self.entrypoint[0]} statically linked against Swift; "
            f"copies {', '.join(copied) or 'no libraries'}; distroless/cc has the rest")


