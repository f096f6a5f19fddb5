"""The `pipeline` command: build outputs, audit sheets, translate them, and look inside them.

Exit codes (`pipeline.exits`): 0 all good; 1 a sheet failed or findings at or above the
fail level; 2 a usage, settings, data or environment error; 3 an internal error, which
is reported as one line asking for a bug report (`--debug` shows the traceback); 130 or
143 when Ctrl-C or SIGTERM stopped the run (files are only ever replaced whole, so
nothing is left half-written).

Each command imports what it needs when it runs: a build with nothing to do must not pay
for the spelling, reading-level or translation machinery.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from pipeline import atomic, exits, lock
from pipeline import config as config_module
from pipeline.config import CONFIG_NAME, Config, ConfigError
from pipeline.errors import DataFileError, SourceError
from pipeline.exits import UsageError
from pipeline.paths import display

if TYPE_CHECKING:
    from pipeline.translate.command import SheetOutcome


class Interrupted(BaseException):
    """SIGTERM, raised where the run is, so that `finally` blocks and context managers
    clean up (temporary files, worker pools) as for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with _terminate_as_interrupt():
        try:
            return _run(args)
        except (ConfigError, DataFileError, UsageError) as error:
            return _error(str(error), exits.USAGE)
        except OSError as error:  # a full disk, a read-only folder, a missing program
            where = f"{error.filename}: " if error.filename else ""
            return _error(f"{where}{error.strerror or error}", exits.USAGE)
        except KeyboardInterrupt:
            return _stopped(signal.SIGINT)
        except Interrupted as stop:
            return _stopped(stop.signum)
        except Exception as error:
            if args.debug:
                traceback.print_exc()
            detail = f"{type(error).__name__}: {_shortened(str(error))}"
            hint = "" if args.debug else " (run again with --debug for the details)"
            return _error(f"internal error: {detail} — please report it{hint}", exits.INTERNAL)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__)
    parser.add_argument(
        "--config",
        type=Path,
        help=f"settings file (default: ./{CONFIG_NAME} if present, else built-in defaults)",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build HTML, DOCX and text for every sheet")
    _sheets_argument(build, "sheets to build (default: all in sources/)")
    _jobs(build)
    audit = commands.add_parser(
        "audit", help="check reading level, spelling, structure and review dates"
    )
    _sheets_argument(audit)
    audit.add_argument(
        "--today", type=dt.date.fromisoformat, help="judge review dates as of YYYY-MM-DD"
    )
    audit.add_argument(
        "--quiet", action="store_true", help="print only findings at or above the fail level"
    )
    audit.add_argument(
        "--verbose", action="store_true", help="print every finding, not a bounded summary"
    )
    _jobs(audit)
    baseline = commands.add_parser(
        "baseline", help="record every sheet's reading level as the new baseline"
    )
    _sheets_argument(baseline)
    commands.add_parser("rules", help="list every rule a finding can name, by family")
    translate = commands.add_parser(
        "translate", help="draft translations (memory first, then the engine) and write outputs"
    )
    _sheets_argument(translate)
    translate.add_argument(
        "--lang", action="append", help="target language tag (default: translation.languages)"
    )
    _jobs(translate)
    imported = commands.add_parser(
        "import-translation", help="bring a translator's reviewed XLIFF back into the memory"
    )
    imported.add_argument("file", type=Path)
    imported.add_argument(
        "--reviewer",
        help="qualified translator who signed off the file's reviewed units (needed for them)",
    )
    labels = commands.add_parser(
        "review-labels",
        help="record that a qualified translator checked a language's labels in labels.toml",
    )
    labels.add_argument("lang", help="primary language subtag of the table, e.g. es")
    labels.add_argument("--reviewer", required=True, help="the qualified translator's name")
    commands.add_parser(
        "models", help="download Argos models for the configured languages (once, needs a network)"
    )
    a11y = commands.add_parser(
        "a11y", help="check the outputs' accessibility: axe-core, vnu, Word and text rules"
    )
    a11y.add_argument(
        "files", nargs="*", type=Path, help="outputs to check (default: all in outputs/<lang>/)"
    )
    a11y.add_argument(
        "--screenshots",
        action="store_true",
        help="save PNGs of each page (desktop, 320 px, print) in outputs/report/screenshots/",
    )
    dump = commands.add_parser("dump", help="print a sheet's document model")
    dump.add_argument("sheet", type=Path)
    dump.add_argument("--no-locations", action="store_true", help="leave out @line:col")
    _exchange_parsers(commands)
    _export_translation_parser(commands)
    return parser


def _sheets_argument(
    parser: argparse.ArgumentParser, text: str = "default: all in sources/"
) -> None:
    parser.add_argument("sheets", nargs="*", type=Path, help=text)


def _jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one per core)"
    )


def _run(args: argparse.Namespace) -> int:
    config = _config(args.config)
    folders = _locked(args.command, config)
    with lock.holding(*folders):
        try:
            return _command(args, config)
        finally:  # however the run ends, even interrupted mid-write, no temporary file stays
            for folder in folders:
                atomic.remove_leftovers_below(folder)


def _locked(command: str, config: Config) -> list[Path]:
    """The folders a command writes to, which no other run may write to meanwhile."""
    match command:
        case "translate":
            return [config.outputs, config.translation.memory]
        case "import-translation" | "review-labels" | "tmx":
            return [config.translation.memory]
        case "build" | "audit" | "baseline" | "a11y" | "export-translation":
            return [config.outputs]
        case _:
            return []


def _command(args: argparse.Namespace, config: Config) -> int:
    match args.command:
        case "dump":
            return _dump(args.sheet, config, locations=not args.no_locations)
        case "rules":
            return _rules()
        case "audit":
            today = args.today or dt.date.today()
            return _audit(
                _sheets(args.sheets, config),
                config,
                today,
                args.quiet,
                args.jobs,
                verbose=args.verbose,
            )
        case "baseline":
            return _baseline(_sheets(args.sheets, config), config)
        case "translate":
            languages = args.lang or list(config.translation.languages)
            return _translate(_sheets(args.sheets, config), config, languages, args.jobs)
        case "models":
            return _models(config)
        case "a11y":
            from pipeline.a11y import runner  # noqa: PLC0415 (only this command needs a browser)

            return runner.main(config, args.files, screenshots=args.screenshots)
        case "import-translation":
            return _import(args.file, args.reviewer, config)
        case "review-labels":
            return _review_labels(args.lang, args.reviewer, config)
        case "glossary" | "tmx":
            return _exchange(args, config)
        case "export-translation":
            return _export_translation(args, config)
        case _:
            return _build(_sheets(args.sheets, config), config, args.jobs)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI timeout, `kill`) stops the run like Ctrl-C does, through the same
    clean-up, instead of killing it mid-write without a word."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _error(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _stopped(signum: int) -> int:
    name = "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name
    print(f"interrupted ({name}): nothing half-written; run again to finish", file=sys.stderr)
    return exits.interrupted(signum)


def _shortened(text: str, limit: int = 300) -> str:
    """An error's text for one line of a terminal: a huge value must not flood it."""
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _sheets(given: list[Path], config: Config) -> list[Path]:
    from pipeline.discovery import survey  # noqa: PLC0415

    if given:
        return given
    if not config.sources.is_dir():
        raise UsageError(f"no sources folder at {config.sources}")
    found = survey(config.sources)
    if note := found.note(config.sources):
        print(note, file=sys.stderr)
    if found.sheets:
        return list(found.sheets)
    raise UsageError(f"no sheets in {config.sources}")


def _config(path: Path | None) -> Config:
    if path is not None:
        return config_module.load(path)
    default = Path(CONFIG_NAME)
    return config_module.load(default) if default.exists() else Config()


def _rules() -> int:
    from pipeline.rules import by_family  # noqa: PLC0415

    for family, members in by_family().items():
        print(f"{family}:")
        for rule in members:
            name = f"{rule.id}.*" if rule.open else rule.id
            print(f"  {name:34} {rule.severity!s:8} {rule.description}")
    return exits.OK


def _dump(sheet: Path, config: Config, locations: bool) -> int:
    from pipeline.dump import dump  # noqa: PLC0415
    from pipeline.readers import read  # noqa: PLC0415

    try:
        result = read(sheet, config, display(sheet))
    except SourceError as error:
        return _error(str(error), exits.FAILED)
    for finding in result.findings:
        print(finding, file=sys.stderr)
    sys.stdout.write(dump(result.document, locations, result.removed))
    return exits.OK


def _build(sheets: list[Path], config: Config, jobs: int) -> int:
    from pipeline import build  # noqa: PLC0415

    results = build.build(config, sheets, jobs, _progress())
    failed = unchanged = warnings = 0
    for result in results:
        for finding in result.findings:
            print(finding, file=sys.stderr)
        warnings += len(result.findings)
        if result.gone:
            print(f"removed {_outputs(result.outputs)}: its source {result.source} is gone")
            continue
        if result.error is not None:
            failed += 1
            print(f"FAILED {_shortened(result.error, 1000)}", file=sys.stderr)
            continue
        unchanged += result.unchanged
        state = "unchanged" if result.unchanged else "built "
        print(f"{state} {result.source} -> {_outputs(result.outputs)}")
        if result.withheld is not None:
            warnings += 1
            print(
                f"warning: {result.source}: not for families: {result.withheld}; built into "
                "the drafts folder with a staff notice (setting: unreviewed)",
                file=sys.stderr,
            )
    gone = sum(result.gone for result in results)
    built = len(results) - failed - unchanged - gone
    removed = f", {gone} removed (source gone)" if gone else ""
    print(
        f"{len(results) - gone} sheet(s): {built} built, {unchanged} unchanged{removed}, "
        f"{failed} failed, "
        f"{warnings} warning(s)" + (" — see the messages above" if failed or warnings else "")
    )
    return exits.FAILED if failed else exits.OK


def _progress() -> Callable[[int, int], None] | None:
    """A live count on a terminal; CI logs get only the per-sheet lines."""
    return _Progress() if sys.stderr.isatty() else None


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


def _audit(
    sheets: list[Path], config: Config, today: dt.date, quiet: bool, jobs: int, *, verbose: bool
) -> int:
    from pipeline.audit import audit  # noqa: PLC0415
    from pipeline.model import Severity  # noqa: PLC0415
    from pipeline.report import console, files, html_report  # noqa: PLC0415

    result = audit(config, sheets, today, jobs)
    for line in console.lines(result, result.fail_level if quiet else Severity.INFO, verbose):
        print(line)
    written = [*files.write(result, config.audit.report), html_report.write(result, config)]
    print("reports: " + ", ".join(display(path) for path in written))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print("\n".join(files.github_annotations(result)))
    return exits.FAILED if result.failed() else exits.OK


def _baseline(sheets: list[Path], config: Config) -> int:
    """Record the current reading level of `sheets`, keeping other sheets' entries."""
    from pipeline import gate, reading_level  # noqa: PLC0415
    from pipeline.checks import Context  # noqa: PLC0415
    from pipeline.readers import read  # noqa: PLC0415

    entries = gate.load(config.readability.baseline)
    with Context(config, dt.date.today()) as context:
        for path in sheets:
            try:
                document = read(path, config, display(path)).document
            except SourceError as error:
                return _error(str(error), exits.FAILED)
            measurement = reading_level.measured(document, context)
            entries[gate.key(path, config)] = gate.entry(measurement, config)
    changed = gate.save(config.readability.baseline, entries)
    state = "updated" if changed else "unchanged"
    print(f"baseline {state}: {display(config.readability.baseline)}")
    return exits.OK


def _models(config: Config) -> int:
    from pipeline.engines import argos_install  # noqa: PLC0415

    try:
        argos_install.install(config)
    except argos_install.ModelsError as error:
        return _error(str(error), exits.USAGE)
    return exits.OK


def _import(path: Path, reviewer: str | None, config: Config) -> int:
    from pipeline.translate import command  # noqa: PLC0415

    imported = command.import_translation(config, path, reviewer, dt.date.today())
    for problem in imported.refused:
        print(f"refused {problem}", file=sys.stderr)
    print(imported.summary)
    return exits.FAILED if imported.refused else exits.OK


def _review_labels(lang: str, reviewer: str, config: Config) -> int:
    from pipeline import i18n  # noqa: PLC0415

    if not reviewer.strip():
        raise UsageError("--reviewer: give the qualified translator's name, not a blank")
    path = config.translation.memory / "labels.toml"
    i18n.sign_off(path, lang, reviewer.strip(), dt.date.today())
    print(f"{display(path)}: [{lang}] reviewed by {reviewer.strip()}")
    return exits.OK


def _translate(sheets: list[Path], config: Config, languages: list[str], jobs: int) -> int:
    from pipeline.model import Severity  # noqa: PLC0415
    from pipeline.report import translation  # noqa: PLC0415
    from pipeline.translate import command  # noqa: PLC0415

    today = dt.date.today()
    engines, outcomes = command.translate(
        config, sheets, languages, today, jobs=jobs, progress=_progress()
    )
    for line in engines:
        print(f"engine {line}")
    failed = errors = blocked = 0
    for orphan in command.orphaned_memories(config):
        print(
            f"orphaned {display(orphan)}: no sheet in {display(config.sources)} has its name; "
            "kept (translators' work) — rename it to match its sheet, or move it out",
            file=sys.stderr,
        )
    for outcome in outcomes:
        if outcome.gone:
            print(f"removed {_outputs(outcome.outputs)}: its source is gone")
            continue
        for finding in outcome.findings:
            print(finding, file=sys.stderr)
            errors += finding.severity is Severity.ERROR
        if outcome.error is not None:
            failed += 1
            print(f"FAILED {outcome.lang} {outcome.error}", file=sys.stderr)
            continue
        blocked += outcome.failed
        status = "unchanged" if outcome.unchanged else "published" if outcome.final else "draft"
        counts = ", ".join(f"{n} {state}" for state, n in (outcome.counts or {}).items() if n)
        why = f" — not published: {'; '.join(outcome.blockers)}" if outcome.blockers else ""
        qa = _qa_totals(outcome)
        print(
            f"{status:9} {outcome.lang} {outcome.source} -> {_outputs(outcome.outputs)} "
            f"({counts}; {qa}){why}"
        )
        if outcome.withdrawn:
            print(
                f"WITHDRAWN {outcome.lang} {outcome.source}: its published copy was taken "
                "down, as it is no longer fit to publish (see why above)",
                file=sys.stderr,
            )
    print(
        f"{sum(not o.gone for o in outcomes)} translation(s): {failed} failed, "
        f"{blocked} blocked by findings, {errors} error finding(s)"
    )
    written = translation.write(command.reported(config, outcomes), config, today)
    print(f"report: {', '.join(map(display, written))} (why each sheet is or is not published)")
    return exits.FAILED if failed or errors or blocked else exits.OK


def _qa_totals(outcome: SheetOutcome) -> str:
    """The sheet's QA totals: this run's findings, or for a sheet skipped as unchanged,
    those its last run recorded (its findings are not printed again)."""
    if outcome.unchanged and outcome.status is not None:
        graded = [t.severity for t in outcome.status.qa for _ in range(t.count)]
        when = " when last checked"
    else:
        graded, when = [str(f.severity) for f in outcome.findings], ""
    return f"QA {graded.count('error')} error(s), {graded.count('warning')} warning(s){when}"


def _outputs(paths: tuple[Path, ...]) -> str:
    """`outputs/en/aldesleukin.{html,docx,txt}` for one sheet's outputs."""
    if not paths:
        return "(nothing)"
    stem = display(paths[0].with_suffix(""))
    return f"{stem}.{{{','.join(path.suffix.lstrip('.') for path in paths)}}}"


# --- exchange with CAT tools: glossary CSV <-> TBX, memory <-> TMX ----------------------------


def _exchange_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, kind, helped in (
        ("glossary", "TBX", "a language's glossary CSV to TBX and back"),
        ("tmx", "TMX", "the translation memory as TMX 1.4; TMX translations as suggestions"),
    ):
        actions = commands.add_parser(name, help=helped).add_subparsers(
            dest="action", required=True
        )
        export = actions.add_parser("export", help=f"write {kind} (default outputs/exchange/)")
        export.add_argument("--output", type=Path, help=f"the {kind} file to write")
        imported = actions.add_parser("import", help=f"read a {kind} file")
        imported.add_argument("file", type=Path)
        for action in (export, imported):
            action.add_argument("--lang", help="target language (default: the one configured)")
        if name == "glossary":
            imported.add_argument(
                "--replace", action="store_true", help="replace the existing glossary CSV"
            )


def _exchange(args: argparse.Namespace, config: Config) -> int:
    from pipeline import tbx, tmx  # noqa: PLC0415
    from pipeline.languages import primary  # noqa: PLC0415

    lang = args.lang or _only_language(config)
    pair = f"{primary(config.language)}-{primary(lang)}"
    if args.action == "export":
        glossary = args.command == "glossary"
        data = tbx.export_glossary(config, lang) if glossary else tmx.export_memory(config, lang)
        suffix = "tbx" if glossary else "tmx"
        output = args.output or config.outputs / "exchange" / f"{pair}.{suffix}"
        atomic.write_bytes(output, data)
        print(f"exported {display(output)}")
        return exits.OK
    if args.command == "glossary":
        written = tbx.import_glossary(config, args.file, lang, overwrite=args.replace)
        print(f"imported {display(args.file)} -> {display(written)}")
        return exits.OK
    imported = tmx.import_memory(config, args.file, lang, dt.date.today())
    for problem in imported.problems:
        print(f"skipped {problem}", file=sys.stderr)
    print(imported.summary)
    return exits.FAILED if imported.problems else exits.OK


def _only_language(config: Config) -> str:
    if len(config.translation.languages) != 1:
        raise UsageError("name the language with --lang (several are configured)")
    return config.translation.languages[0]


def _export_translation_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    export = commands.add_parser(
        "export-translation",
        help="write an XLIFF per sheet and language for a translator's CAT tool "
        "(outputs/exchange/<lang>/), glossary terms as notes; return it with import-translation",
    )
    _sheets_argument(export, "sheets to export (default: every sheet with a memory)")
    export.add_argument(
        "--lang", action="append", help="target language tag (default: translation.languages)"
    )
    export.add_argument(
        "--labels",
        action="store_true",
        help="instead, the language's labels from translations/labels.toml, to review",
    )


def _export_translation(args: argparse.Namespace, config: Config) -> int:
    from pipeline.translate import exchange  # noqa: PLC0415

    for lang in args.lang or config.translation.languages:
        if args.labels:
            print(f"exported {display(exchange.export_labels(config, lang))}")
            continue
        for path in exchange.export_translation(config, lang, args.sheets):
            print(f"exported {display(path)}")
    return exits.OK


if __name__ == "__main__":
    sys.exit(main())
