"""The `pipeline` command: build outputs, audit sheets, and look inside them.

Exit codes follow the linters CI people know: 0 all good, 1 a sheet failed to build or
the audit found something at or above the fail level, 2 a usage, settings or data error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline import build as build_module
from pipeline import config as config_module
from pipeline import gate, reading_level
from pipeline.audit import audit
from pipeline.checks import RULES, Context
from pipeline.config import CONFIG_NAME, Config, ConfigError
from pipeline.dump import dump
from pipeline.errors import DataFileError, SourceError
from pipeline.model import Severity
from pipeline.readers import read
from pipeline.report import console, files, html_report

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
    _jobs(build_parser)
    audit_parser = commands.add_parser(
        "audit", help="check reading level, spelling, structure and review dates"
    )
    audit_parser.add_argument("sheets", nargs="*", type=Path, help="default: all in sources/")
    audit_parser.add_argument(
        "--today", type=dt.date.fromisoformat, help="judge review dates as of YYYY-MM-DD"
    )
    audit_parser.add_argument(
        "--quiet", action="store_true", help="print only findings at or above the fail level"
    )
    _jobs(audit_parser)
    baseline_parser = commands.add_parser(
        "baseline", help="record every sheet's reading level as the new baseline"
    )
    baseline_parser.add_argument("sheets", nargs="*", type=Path, help="default: all in sources/")
    commands.add_parser("rules", help="list the audit's rule ids")
    translate_parser = commands.add_parser(
        "translate", help="draft translations (memory first, then the engine) and write outputs"
    )
    translate_parser.add_argument("sheets", nargs="*", type=Path, help="default: all in sources/")
    translate_parser.add_argument(
        "--lang", action="append", help="target language tag (default: translation.languages)"
    )
    _jobs(translate_parser)
    import_parser = commands.add_parser(
        "import-translation", help="bring a translator's reviewed XLIFF back into the memory"
    )
    import_parser.add_argument("file", type=Path)
    import_parser.add_argument(
        "--reviewer", help="qualified translator who signed off units that do not name one"
    )
    commands.add_parser(
        "models", help="download Argos models for the configured languages (once, needs a network)"
    )
    a11y_parser = commands.add_parser(
        "a11y", help="check the outputs' accessibility: axe-core, vnu, Word and text rules"
    )
    a11y_parser.add_argument(
        "files", nargs="*", type=Path, help="outputs to check (default: all in outputs/<lang>/)"
    )
    a11y_parser.add_argument(
        "--screenshots",
        action="store_true",
        help="save PNGs of each page (desktop, 320 px, print) in outputs/report/screenshots/",
    )
    dump_parser = commands.add_parser("dump", help="print a sheet's document model")
    dump_parser.add_argument("sheet", type=Path)
    dump_parser.add_argument("--no-locations", action="store_true", help="leave out @line:col")
    args = parser.parse_args(argv)
    try:
        config = _config(args.config)
        match args.command:
            case "dump":
                return _dump(args.sheet, config, locations=not args.no_locations)
            case "rules":
                print("\n".join(f"{rule:34} {text}" for rule, text in sorted(RULES.items())))
                return EXIT_OK
            case "audit":
                sheets = _sheets(args.sheets, config)
                return _audit(sheets, config, args.today or dt.date.today(), args.quiet, args.jobs)
            case "baseline":
                return _baseline(_sheets(args.sheets, config), config)
            case "translate":
                languages = args.lang or list(config.translation.languages)
                return _translate(_sheets(args.sheets, config), config, languages, args.jobs)
            case "models":
                return _models(config)
            case "a11y":
                return _a11y(args.files, config, args.screenshots)
            case "import-translation":
                return _import(args.file, args.reviewer, config)
            case _:
                return _build(_sheets(args.sheets, config), config, args.jobs)
    except (ConfigError, DataFileError, _UsageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one per core)"
    )


class _UsageError(Exception):
    """Nothing to work on, or asked for something impossible."""


def _sheets(given: list[Path], config: Config) -> list[Path]:
    if given:
        return given
    if not config.sources.is_dir():
        raise _UsageError(f"no sources folder at {config.sources}")
    if sheets := build_module.discover(config.sources):
        return sheets
    raise _UsageError(f"no sheets in {config.sources}")


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


def _build(sheets: list[Path], config: Config, jobs: int) -> int:
    # A live count on a terminal; CI logs get only the per-sheet lines below.
    show = _Progress() if sys.stderr.isatty() else None
    results = build_module.build(config, sheets, jobs, show)
    failed = unchanged = warnings = 0
    for result in results:
        for finding in result.findings:
            print(finding, file=sys.stderr)
        warnings += len(result.findings)
        if result.error is not None:
            failed += 1
            print(f"FAILED {result.error}", file=sys.stderr)
            continue
        unchanged += result.unchanged
        state = "unchanged" if result.unchanged else "built "
        print(f"{state} {result.source} -> {_outputs(result.outputs)}")
    built = len(results) - failed - unchanged
    print(
        f"{len(results)} sheet(s): {built} built, {unchanged} unchanged, {failed} failed, "
        f"{warnings} warning(s)" + (" — see the messages above" if failed or warnings else "")
    )
    return EXIT_FAILED if failed else EXIT_OK


class _Progress:
    """ "  120/1000 sheets, about 14 s left" on one terminal line, rewritten in place."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        line = progress_line(done, total, time.monotonic() - self.start)
        print(f"\r{line}", end="\n" if done == total else "", file=sys.stderr, flush=True)


def progress_line(done: int, total: int, elapsed: float) -> str:
    if done == total:
        return f"{done}/{total} sheets in {elapsed:.1f} s"
    left = f", about {elapsed / done * (total - done):.0f} s left" if done else ""
    return f"{done}/{total} sheets{left}"


def _audit(sheets: list[Path], config: Config, today: dt.date, quiet: bool, jobs: int) -> int:
    result = audit(config, sheets, today, jobs)
    for line in console.lines(result, result.fail_level if quiet else Severity.INFO):
        print(line)
    written = [*files.write(result, config.audit.report), html_report.write(result, config)]
    print("reports: " + ", ".join(build_module.display(path) for path in written))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print("\n".join(files.github_annotations(result)))
    return EXIT_FAILED if result.failed() else EXIT_OK


def _baseline(sheets: list[Path], config: Config) -> int:
    """Record the current reading level of `sheets`, keeping other sheets' entries."""
    entries = gate.load(config.readability.baseline)
    with Context(config, dt.date.today()) as context:
        for path in sheets:
            try:
                document = read(path, config, build_module.display(path)).document
            except SourceError as error:
                print(f"error: {error}", file=sys.stderr)
                return EXIT_FAILED
            measurement = reading_level.measured(document, context)
            entries[gate.key(path, config)] = gate.entry(measurement, config)
    changed = gate.save(config.readability.baseline, entries)
    state = "updated" if changed else "unchanged"
    print(f"baseline {state}: {build_module.display(config.readability.baseline)}")
    return EXIT_OK


def _models(config: Config) -> int:
    from pipeline.engines import argos_install  # noqa: PLC0415 (see _translate)

    try:
        argos_install.install(config)
    except argos_install.ModelsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _a11y(files: list[Path], config: Config, screenshots: bool) -> int:
    from pipeline.a11y import run  # noqa: PLC0415 (only this command needs a browser)

    return run.main(config, files, screenshots=screenshots)


def _import(path: Path, reviewer: str | None, config: Config) -> int:
    from pipeline.translate import command  # noqa: PLC0415 (see _translate)

    print(command.import_translation(config, path, reviewer, dt.date.today()))
    return EXIT_OK


def _translate(sheets: list[Path], config: Config, languages: list[str], jobs: int) -> int:
    # Imported here: the engines (Argos brings torch) are heavy, and only this command needs them.
    from pipeline.translate import command  # noqa: PLC0415

    show = _Progress() if sys.stderr.isatty() else None  # as for `build`
    engines, outcomes = command.translate(
        config, sheets, languages, dt.date.today(), jobs=jobs, progress=show
    )
    for line in engines:
        print(f"engine {line}")
    failed = errors = 0
    for outcome in outcomes:
        for finding in outcome.findings:
            print(finding, file=sys.stderr)
            errors += finding.severity is Severity.ERROR
        if outcome.error is not None:
            failed += 1
            print(f"FAILED {outcome.lang} {outcome.error}", file=sys.stderr)
            continue
        status = "unchanged" if outcome.unchanged else "published" if outcome.final else "draft"
        counts = ", ".join(f"{n} {state}" for state, n in (outcome.counts or {}).items() if n)
        print(
            f"{status:9} {outcome.lang} {outcome.source} -> {_outputs(outcome.outputs)} ({counts})"
        )
    print(f"{len(outcomes)} translation(s): {failed} failed, {errors} error finding(s)")
    return EXIT_FAILED if failed or errors else EXIT_OK


def _outputs(paths: tuple[Path, ...]) -> str:
    """`outputs/en/aldesleukin.{html,docx,txt}` for one sheet's outputs."""
    if not paths:
        return "(nothing)"
    stem = build_module.display(paths[0].with_suffix(""))
    return f"{stem}.{{{','.join(path.suffix.lstrip('.') for path in paths)}}}"


if __name__ == "__main__":
    sys.exit(main())
