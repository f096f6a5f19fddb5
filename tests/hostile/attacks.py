"""One generator per attack: it writes its hostile files into a copy of a small project and
says which command to run, the exit code and a fragment of the message to expect.

Each was tried in the security review of issue 11 (or in an earlier review that the
pipeline already passed); `Attack.also` names what may legitimately change besides
outputs/ (a refused attack changes nothing else).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.translate import xliff
from pipeline.translate.xliff import SheetMemory, State, TransUnit

SHEET = "Fever Medicine\n\nGive it with food.\n\nLast reviewed 8/2025\n"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{extra}</Types>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


@dataclass(frozen=True)
class Attack:
    name: str
    #: Writes the attack into the project folder.
    make: Callable[[Path], None]
    #: The command's arguments after `pipeline --config pipeline.toml`.
    argv: tuple[str, ...]
    code: int
    said: str
    #: Lines appended to the project's pipeline.toml.
    settings: str = ""
    #: Folders besides outputs/ the command may change.
    also: tuple[str, ...] = ()
    #: Text that must appear in no output (a fetched or leaked value).
    leaked: str | None = None


def _word(document: str, extra_types: str = "", parts: dict[str, bytes] | None = None) -> bytes:
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("[Content_Types].xml", _TYPES.format(extra=extra_types))
        zipped.writestr("_rels/.rels", _RELS)
        zipped.writestr("word/document.xml", document)
        for name, data in (parts or {}).items():
            zipped.writestr(name, data)
    return package.getvalue()


def _body(text: str, lang: str = "en-US", prolog: str = "") -> str:
    return (
        f'{prolog}<w:document xmlns:w="{W}"><w:body><w:p><w:pPr><w:pStyle w:val="Title"/>'
        f'</w:pPr><w:r><w:rPr><w:lang w:val="{lang}"/></w:rPr><w:t>Fever</w:t></w:r></w:p>'
        f'<w:p><w:r><w:rPr><w:lang w:val="{lang}"/></w:rPr><w:t>{text}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )


def _put(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)

    return make


def _xxe_docx(project: Path) -> None:
    prolog = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    _put("sources/xxe.docx", _word(_body("&x;", prolog=prolog)))(project)


def _laughs_docx(project: Path) -> None:
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    )
    _put("sources/laughs.docx", _word(_body("&j;", prolog=f"<!DOCTYPE d [{entities}]>")))(project)


def _zip_bomb(project: Path) -> None:
    bomb = _word(_body("Give it with food."), parts={"word/media/bomb.bin": bytes(40_000_000)})
    _put("sources/bomb.docx", bomb)(project)


def _macros(project: Path) -> None:
    vba = (
        '<Override PartName="/word/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/>'
    )
    data = _word(_body("Give it."), vba, {"word/vbaProject.bin": b"Attribute VB_Name"})
    _put("sources/macros.docx", data)(project)


def _link(project: Path) -> None:
    (project / "sources" / "passwd.txt").symlink_to("/etc/passwd")


def _fifo(project: Path) -> None:
    os.mkfifo(project / "sources" / "pipe.txt")


def _memory(project: Path, target: str = "Dele con comida.") -> None:
    unit = TransUnit("u1", "paragraph", "Give it with food.", target, State.MACHINE, line=3)
    title = TransUnit("u0", "title", "Fever Medicine", "Medicina", State.MACHINE, line=1)
    memory = SheetMemory("sources/fever.txt", "en-US", "es-US", (title, unit))
    _put("translations/es/fever.xlf", xliff.write(memory))(project)


def _returned(body: bytes, prolog: bytes = b"", encoding: str = "utf-8") -> Callable[[Path], None]:
    def make(project: Path) -> None:
        _memory(project)
        data = xliff.write(
            SheetMemory(
                "sources/fever.txt",
                "en-US",
                "es-US",
                (TransUnit("u1", "paragraph", "Give it with food.", "X", State.TRANSLATED),),
            )
        )
        data = data.replace(b'<target state="translated">X</target>', body)
        data = data.replace(b"?>\n", b"?>\n" + prolog, 1)
        if encoding != "utf-8":
            data = data.decode().replace("UTF-8", encoding.upper()).encode(encoding)
        _put("returned.xlf", data)(project)

    return make


def _bad_line_number(project: Path) -> None:
    _memory(project)
    path = project / "translations" / "es" / "fever.xlf"
    path.write_bytes(path.read_bytes().replace(b'"linenumber">3<', b'"linenumber">seven<'))
    _put("sources/other.txt", SHEET.replace("Fever", "Cough"))(project)


def _huge_line(project: Path) -> None:
    words = ("the child should take this medicine with food intermittant " * 32_000)[:1_900_000]
    _put("sources/huge.txt", f"Huge Line\n\n{words}\n\nLast reviewed 8/2025\n")(project)


def _big_sheet(project: Path) -> None:
    _put("sources/big.txt", "Big\n\n" + "Give it with food. " * 200_000)(project)


ENTITY_DOCTYPE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://example.invalid/leak">]>\n'
TRANSLATE_NONE = '[translation]\nengines = { es = "none" }\n'

ATTACKS = (
    Attack("xxe-docx", _xxe_docx, ("build",), 1, "DOCTYPE"),
    Attack("entity-expansion-docx", _laughs_docx, ("build",), 1, "DOCTYPE"),
    Attack("zip-bomb-docx", _zip_bomb, ("build",), 1, "zip bomb"),
    Attack("macros-docm", _put("sources/m.docm", b"PK\x03\x04"), ("build",), 1, "macros"),
    Attack("macros-in-docx", _macros, ("build",), 1, "macro-enabled"),
    Attack(
        "absolute-w-lang",
        _put("sources/abs.docx", _word(_body("Give it.", "/tmp/hostile-evil"))),
        ("build",),
        1,
        "language",
    ),
    Attack(
        "dotdot-w-lang",
        _put("sources/up.docx", _word(_body("Give it.", "../../../hostile-evil"))),
        ("build",),
        1,
        "language",
    ),
    Attack(
        "other-language-w-lang",
        _put("sources/es.docx", _word(_body("Dele con comida.", "es-US"))),
        ("build",),
        1,
        "marked as language es-US",
    ),
    Attack("symlink-to-passwd", _link, ("build",), 1, "symbolic link", leaked="root:"),
    Attack("fifo", _fifo, ("build",), 0, "1 built"),  # skipped, never opened (it would block)
    Attack(
        "newline-in-file-name",
        _put("sources/fever\n::error::x.txt", SHEET),
        ("build",),
        1,
        "rename the file",
    ),
    Attack(  # builds (Word's properties take the title's first 255 characters), in bounded time
        "megabyte-title",
        _put(
            "sources/title.txt",
            "T" * 1_000_000 + "\n\nGive it with food.\n\nLast reviewed 3/2026\n",
        ),
        ("build",),
        0,
        "built",
    ),
    Attack("backup-file", _put("sources/fever.txt.bak", SHEET), ("build",), 0, "skipped"),
    Attack("nul-bytes", _put("sources/bin.txt", b"Title\n\x00\x01"), ("build",), 1, "binary"),
    Attack("oversized-sheet", _big_sheet, ("build",), 1, "text_reader.max_bytes"),
    Attack(
        "network-fetch-html",
        _put(
            "sources/page.html",
            '<html lang="en"><head><title>Fever</title><link rel="stylesheet" '
            'href="http://example.invalid/s.css"><script src="http://example.invalid/x.js">'
            '</script></head><body><h1>Fever</h1><p>Give it with food.</p><img alt="" '
            'src="http://example.invalid/p.png"><iframe src="http://example.invalid/">'
            "</iframe><p>Last reviewed 8/2025</p></body></html>",
        ),
        ("build",),
        0,
        "built",
        leaked="example.invalid",
    ),
    Attack("huge-line-audit", _huge_line, ("audit", "--jobs", "1"), 1, "spelling"),
    Attack(
        "xliff-entity-network",
        _returned(b'<target state="translated">&e;</target>', ENTITY_DOCTYPE),
        ("import-translation", "returned.xlf", "--reviewer", "Ana Ruiz"),
        2,
        "DOCTYPE",
    ),
    Attack(
        "xliff-utf16-doctype",
        _returned(b'<target state="translated">X</target>', ENTITY_DOCTYPE, "utf-16"),
        ("import-translation", "returned.xlf", "--reviewer", "Ana Ruiz"),
        2,
        "DOCTYPE",
    ),
    Attack(
        "xliff-native-codes",
        _returned(
            b'<target state="translated">T\xc3\xb3melo <bpt id="1">&lt;script&gt;</bpt>con'
            b'<ept id="1">&lt;/script&gt;</ept> comida.</target>'
        ),
        ("import-translation", "returned.xlf"),
        0,
        "1 unit(s) updated",
        also=("translations",),
        leaked="script",
    ),
    Attack(
        "xliff-over-cap",
        _returned(b'<target state="translated">' + b"X" * 5000 + b"</target>"),
        ("import-translation", "returned.xlf"),
        2,
        "translation.max_xliff_bytes",
        settings="[translation]\nmax_xliff_bytes = 3000\n",
    ),
    Attack(
        "memory-bad-line-number",
        _bad_line_number,
        ("translate",),
        1,
        "bad line number 'seven'",
        settings=TRANSLATE_NONE,
        also=("translations",),
    ),
    Attack(
        "glossary-over-cap",
        _put("glossaries/en-es.csv", "source,target,status\n" + "dose,dosis,proposed\n" * 99),
        ("glossary", "export"),
        2,
        "translation.max_glossary_bytes",
        settings="[translation]\nmax_glossary_bytes = 1000\n",
    ),
    Attack(
        "tbx-entity",
        _put(
            "in.tbx",
            b'<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif><text><body/>'
            b"</text></martif>",
        ),
        ("glossary", "import", "in.tbx"),
        2,
        "DOCTYPE",
    ),
    Attack(
        "tmx-entity",
        _put(
            "in.tmx",
            b'<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx><body><tu>'
            b'<tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>',
        ),
        ("tmx", "import", "in.tmx"),
        2,
        "DOCTYPE",
    ),
)
