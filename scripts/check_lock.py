"""Check that the lock files are complete, hash-pinned sets.

    python scripts/check_lock.py requirements/pip.lock requirements/run.lock requirements/test.lock

The Makefile installs every lock with `--no-deps --require-hashes`, so pip never
resolves a dependency by itself. That is only sound when the locks, taken together,
are closed: every requirement of every locked package (its extras' requirements
included, as `smart-open[http]` pulls in) names a locked package whose pinned version
satisfies it. This script checks, and exits 1 with one line per problem:

- every requirement line pins one exact version (`name==version`) and has a hash;
- no package is pinned twice at different versions;
- for each locked package installed in this environment, each requirement that
  applies here (markers evaluated, extras followed) is locked at a version that
  satisfies it;
- every locked package is installed at its pinned version.

It reads installed metadata only: it asks no index.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def read_lock(path: Path) -> tuple[dict[str, str], list[str]]:
    """The pins of one lock file, and the problems of its format."""
    pins: dict[str, str] = {}
    problems: list[str] = []
    logical: list[tuple[int, str]] = []
    buf, start = "", 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("--hash") else raw.strip()
        if not buf:
            start = number
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        if buf.strip():
            logical.append((start, buf.strip()))
        buf = ""
    for number, line in logical:
        if line.startswith(("-c ", "-r ", "--")):
            continue
        match = _PIN.match(line)
        if not match:
            problems.append(f"{path}:{number}: not pinned with ==: {line.split()[0]}")
            continue
        name, version = canonicalize_name(match.group(1)), match.group(2)
        if "--hash=" not in line:
            problems.append(f"{path}:{number}: {name}=={version} has no hash")
        pins[name] = version
    return pins, problems


def check(paths: list[Path]) -> list[str]:
    pins: dict[str, str] = {}
    problems: list[str] = []
    for path in paths:
        found, format_problems = read_lock(path)
        problems += format_problems
        for name, version in found.items():
            if name in pins and pins[name] != version:
                problems.append(f"{path}: {name} pinned at {version} and at {pins[name]}")
            pins[name] = version
    env = default_environment()
    todo = [(name, "") for name in pins]
    try:  # the project's own requirements, when it is installed, must be locked too
        metadata.distribution("armswatch")
        todo.append(("armswatch", ""))
    except metadata.PackageNotFoundError:
        pass
    seen: set[tuple[str, str]] = set()
    while todo:
        name, extra = todo.pop()
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is locked but not installed")
            continue
        if Version(dist.version) != Version(pins.get(name, dist.version)):
            problems.append(f"{name} is installed at {dist.version}, locked at {pins[name]}")
        for text in dist.requires or []:
            try:
                req = Requirement(text)
            except InvalidRequirement:
                problems.append(f"{name}: unreadable requirement {text!r}")
                continue
            if req.marker is not None and not req.marker.evaluate({**env, "extra": extra}):
                continue
            target = canonicalize_name(req.name)
            if target not in pins:
                problems.append(f"{name}{f'[{extra}]' if extra else ''} needs {req}, which no lock pins")
                continue
            if not req.specifier.contains(pins[target], prereleases=True):
                problems.append(f"{name} needs {req}, but the lock pins {target}=={pins[target]}")
            for wanted in req.extras:
                todo.append((target, wanted))
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: check_lock.py LOCK [LOCK...]", file=sys.stderr)
        return 2
    problems = check([Path(a) for a in argv])
    for problem in problems:
        print(f"lock-check: {problem}")
    if problems:
        return 1
    print(f"lock-check: {len(argv)} lock files complete and hash-pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
