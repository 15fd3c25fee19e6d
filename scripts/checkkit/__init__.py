"""What the Python acceptance checks (scripts/chart-check, scripts/shard-check) share: failing with a
message, and running a command that must succeed."""
import subprocess


class CheckFailed(Exception):
    pass


def fail(message):
    raise CheckFailed(message)


def run(args, check=True, input=None, env=None):
    result = subprocess.run(args, input=input, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        fail(f"{' '.join(args[:6])} … exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result
