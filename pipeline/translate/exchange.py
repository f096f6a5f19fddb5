"""`pipeline export-translation`: an XLIFF 1.2 package per sheet and language for a
translator's CAT tool, outputs/exchange/<lang>/<sheet>.xlf.

The package is the memory as it stands (same unit ids, states and provenance, so
`pipeline import-translation` takes it back unit by unit), with the glossary terms found
in each unit's English as `<note from="glossary">` notes from the glossary as it is now,
not as it was when the sheet was last translated. It is written outside translations/:
the memory changes only through an import.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline import atomic
from pipeline import glossary as glossaries
from pipeline.config import Config
from pipeline.exits import UsageError
from pipeline.languages import primary
from pipeline.paths import PathError, display, language_folder, sheet_file
from pipeline.translate import xliff
from pipeline.translate.run import with_notes

#: Folder under the outputs for files exchanged with CAT tools (TMX, TBX, XLIFF).
EXCHANGE = "exchange"


def export_translation(config: Config, lang: str, sheets: list[Path]) -> list[Path]:
    """Write the packages of `sheets` (by name; all the language's memories if empty) and
    return their paths. A named sheet without a memory is a UsageError, a damaged memory
    a DataFileError naming it."""
    try:
        folder = language_folder(config.translation.memory, lang)
        paths = [sheet_file(config.translation.memory, lang, s.stem, "xlf") for s in sheets]
    except PathError as error:
        raise UsageError(str(error)) from None
    paths = paths or sorted(folder.glob("*.xlf"))
    cap = config.translation.max_glossary_bytes
    glossary = glossaries.for_language(config.translation.glossaries, "en", primary(lang), cap)
    written = []
    for path in paths:
        memory = xliff.load(path, config.translation.max_xliff_bytes)
        if memory is None:
            raise UsageError(
                f"no translation memory {display(path)}: run `pipeline translate` first"
            )
        units = tuple(with_notes(unit, glossary) for unit in memory.units)
        package = sheet_file(config.outputs / EXCHANGE, lang, path.stem, "xlf")
        atomic.write_bytes(package, xliff.write(replace(memory, units=units)))
        written.append(package)
    return written
