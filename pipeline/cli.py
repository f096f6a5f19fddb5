"""The `pipeline` command: `pipeline build` makes outputs, `pipeline dump` shows the model.

Exit codes follow the linters CI people know: 0 all good, 1 a sheet failed,
2 a usage or configuration error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import build as build_module
from pipeline import config as config_module
from pipeline.config import CONFIG_NAME, Config, ConfigError
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.readers import read

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__)
    parser.add_argument(
        "--config",
        type=Path,
        help=f"settings file (default: ./{CONFIG_NAME} if present, else built-in defaults)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="build HTML, DOCX and text for every sheet")
    build_parser.add_argument(
        "sheets", nargs="*", type=Path, help="sheets to build (default: all in sources/)"
    )
    dump_parser = commands.add_parser("dump", help="print a sheet's document model")
    dump_parser.add_argument("sheet", type=Path)
    dump_parser.add_argument("--no-locations", action="store_true", help="leave out @line:col")
    args = parser.parse_args(argv)
    try:
        config = _config(args.config)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "dump":
        return _dump(args.sheet, config, locations=not args.no_locations)
    return _build(args.sheets, config)


def _config(path: Path | None) -> Config:
    if path is not None:
        return config_module.load(path)
    default = Path(CONFIG_NAME)
    return config_module.load(default) if default.exists() else Config()


def _dump(sheet: Path, config: Config, locations: bool) -> int:
    try:
        result = read(sheet, config, build_module.display(sheet))
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    for finding in result.findings:
        print(finding, file=sys.stderr)
    sys.stdout.write(dump(result.document, locations))
    return EXIT_OK


def _build(sheets: list[Path], config: Config) -> int:
    if not sheets:
        if not config.sources.is_dir():
            print(f"error: no sources folder at {config.sources}", file=sys.stderr)
            return EXIT_USAGE
        sheets = build_module.discover(config.sources)
        if not sheets:
            print(f"error: no sheets in {config.sources}", file=sys.stderr)
            return EXIT_USAGE
    results = build_module.build(config, sheets)
    failed = warnings = 0
    for result in results:
        for finding in result.findings:
            print(finding, file=sys.stderr)
        warnings += len(result.findings)
        if result.error is not None:
            failed += 1
            print(f"FAILED {result.error}", file=sys.stderr)
            continue
        print(f"built  {result.source} -> {_outputs(result.outputs)}")
    built = len(results) - failed
    print(
        f"{len(results)} sheet(s): {built} built, {failed} failed, {warnings} warning(s)"
        + (" — see the messages above" if failed or warnings else "")
    )
    return EXIT_FAILED if failed else EXIT_OK


def _outputs(paths: tuple[Path, ...]) -> str:
    """`outputs/en/aldesleukin.{html,docx,txt}` for one sheet's outputs."""
    if not paths:
        return "(nothing)"
    stem = build_module.display(paths[0].with_suffix(""))
    return f"{stem}.{{{','.join(path.suffix.lstrip('.') for path in paths)}}}"


if __name__ == "__main__":
    sys.exit(main())
