"""`python -m pipeline.languages packages [pipeline.toml]`: the Debian packages the
configured languages need (the source language's and every target's), one line, for the
Makefile's `deps`; `python -m pipeline.languages list`: every profile."""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.config import CONFIG_NAME, ConfigError, load
from pipeline.languages import ProfileError, codes, find, profile


def packages(settings: Path) -> list[str]:
    config = load(settings)
    tags = [config.language, *config.translation.languages]
    found: list[str] = []
    for tag in tags:
        language = find(tag)
        if language is None:
            print(f"warning: no language profile for {tag!r}: no packages", file=sys.stderr)
        found += language.debian_packages if language else ()
    return list(dict.fromkeys(found))


def main(argv: list[str]) -> int:
    usage = "usage: python -m pipeline.languages packages [pipeline.toml] | list"
    if argv[:1] == ["list"] and len(argv) == 1:
        for code in codes():
            found = profile(code)
            print(f"{code}\t{found.name}\t{found.direction}")
        return 0
    if argv[:1] != ["packages"] or len(argv) > 2:
        print(usage, file=sys.stderr)
        return 2
    try:
        print(" ".join(packages(Path(argv[1] if len(argv) > 1 else CONFIG_NAME))))
    except (ConfigError, ProfileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
