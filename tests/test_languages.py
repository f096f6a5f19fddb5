"""Language profiles: every profile loads, bad ones are named, and generic code holds no
language facts (they belong in pipeline/languages/profiles/)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline import languages
from pipeline.engines import apertium, argos
from pipeline.glossary import Status, Term
from pipeline.languages import (
    ProfileError,
    __main__,
    codes,
    easy_words,
    find,
    is_rtl,
    load,
    primary,
    profile,
)
from pipeline.reading_level import TRANSLATION_FORMULAS, translation_ease
from pipeline.translate import conventions, protect
from pipeline.translate.cognates import FORMS

PIPELINE = Path(languages.__file__).parent.parent


@pytest.mark.parametrize("code", codes())
def test_every_profile_loads_with_known_formulas_and_easy_words(code: str) -> None:
    found = profile(code)
    assert found.code == code and found.name
    assert set(found.readability.translation_formulas) <= set(TRANSLATION_FORMULAS)
    assert "the" in easy_words(code) or found.readability.easy_words


def test_the_languages_the_pipeline_ships() -> None:
    assert {"en", "es", "fr", "ar"} <= set(codes())
    assert [profile(tag).name for tag in ("en-US", "es-419", "FR", "ar")] == [
        "English",
        "Spanish",
        "French",
        "Arabic",
    ]
    assert is_rtl("ar-EG") and is_rtl("he-IL") and not is_rtl("fr-CA")
    assert not is_rtl("xx") and find("xx") is None and find("../en") is None
    assert primary("es-US") == "es"
    assert profile("es").number_words["una"] == 1 and profile("fr").number_words["douze"] == 12


def test_a_language_without_a_profile_is_named_with_the_file_to_add() -> None:
    with pytest.raises(ProfileError, match=r"no language profile for 'de-DE': add .*de\.toml"):
        profile("de-DE")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('direction = "ltr"\n', r"xx\.toml: name"),
        ('name = "X"\ndirection = "up"\n', r"xx\.toml: direction: must be"),
        ('name = "X"\ndirection = "ltr"\ncolour = 1\n', r"profile: unknown key\(s\) \['colour'\]"),
        ('name = "X"\ndirection = "ltr"\nnumber_words = { one = "1" }\n', "whole numbers"),
        ('name = "X"\ndirection = "ltr"\n[grammar]\nplural_endings = [["s"]]\n', "pairs"),
        ('name = "X"\ndirection = "ltr"\n[readability]\nfre = { base = 1 }\n', "needs numbers"),
        ('name = "X"\ndirection = "ltr"\n[readability]\neasy_words = "nope.txt"\n', "no file"),
        ('name = "X"\ndirection = "ltr"\ndebian_packages = [1]\n', "packages: must list strings"),
        ("name = \n", r"xx\.toml: "),
    ],
)
def test_a_bad_profile_is_an_error_naming_file_and_key(
    tmp_path: Path, text: str, problem: str
) -> None:
    (tmp_path / "xx.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=problem):
        load("xx", tmp_path)


def test_packages_lists_the_configured_languages_packages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "pipeline.toml"
    settings.write_text('[translation]\nlanguages = ["es-US", "fr", "de"]\n', encoding="utf-8")
    assert __main__.main(["packages", str(settings)]) == 0
    out, err = capsys.readouterr()
    assert out.split() == [
        "hunspell-en-us",
        "hunspell-en-med",
        "wamerican-huge",
        "wordnet-base",
        "apertium-eng-spa",
        "hunspell-es",
    ]
    assert "no language profile for 'de'" in err
    assert __main__.main(["packages", str(tmp_path / "missing.toml")]) == 2
    assert __main__.main(["nonsense"]) == 2


def test_collocations_are_the_entries_of_several_words_of_installed_lists(
    tmp_path: Path,
) -> None:
    """Only first fields holding "_" (WordNet's index lines), lower case; a list that is
    not installed adds none, so the spelling check behaves as without it."""
    index = tmp_path / "index.noun"
    index.write_text(
        "  1 This software and database is being provided_to you\n"
        "tai_chi n 1 1 @ 1 0 00826789  \nyoga n 2 1 @ 2 0 1 2  \nDe_Novo r 1 0 1 1 2  \n",
        encoding="utf-8",
    )
    assert languages._collocations((index, tmp_path / "missing")) == {"tai_chi", "de_novo"}
    assert languages._collocations((tmp_path / "missing",)) == frozenset()
    profile_text = 'name = "X"\ndirection = "ltr"\ncollocations = ["/a/b"]\n'
    (tmp_path / "xx.toml").write_text(profile_text, encoding="utf-8")
    assert load("xx", tmp_path).collocations == (Path("/a/b"),)


@pytest.mark.parametrize(
    ("lang", "target", "variants", "expected"),
    [
        ("es", "riñón", "riñones", "riñones"),
        ("es", "luz", "luces", "luces"),
        ("es", "glóbulo rojo", "glóbulos rojos", "glóbulos rojos"),
        ("fr", "hôpital", "hôpitaux", "hôpitaux"),
        ("fr", "globule rouge", "globules rouges", "globules rouges"),
        ("fr", "cheveu", "cheveux", "cheveux"),
        ("fr", "plaquette", "plaquettes sanguines", "plaquette"),  # not a plural of it
        ("ar", "صفيحة", "صفائح", "صفيحة"),  # no plural rule known: the target as listed
    ],
)
def test_a_plural_term_takes_the_variant_its_languages_profile_calls_plural(
    lang: str, target: str, variants: str, expected: str
) -> None:
    term = Term("blood cell", target, Status.APPROVED, (variants,), "", None, None, False, 1)
    assert protect.rendering(protect.Slot("⟦T1⟧", term, "blood cells"), lang) == expected


#: Words of other languages that English code may spell: "Sept" is September (dates.py).
ENGLISH_TOO = {"sept"}


def _generic_modules() -> list[Path]:
    return [p for p in PIPELINE.rglob("*.py") if "languages" not in p.relative_to(PIPELINE).parts]


def test_generic_code_holds_no_language_facts() -> None:
    """Number words, engine codes and tables keyed by language belong in profiles."""
    facts = {
        word
        for code in codes()
        if code != "en"
        for word in (*profile(code).number_words, *profile(code).engines.values())
        if len(word) > 2
    } - ENGLISH_TOO
    found = []
    for path in _generic_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = set(re.findall(r"\w+", node.value.casefold()))
                if len(words) == 1 and words & facts:
                    found.append(f"{path}:{node.lineno}: {node.value!r}")
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                if len(set(keys) & set(codes())) >= 2:
                    found.append(f"{path}:{node.lineno}: a table keyed by language")
    assert found == []


def test_translations_are_scored_by_their_languages_formulas() -> None:
    french = translation_ease(["Prenez le médicament avec de l'eau", "Appelez la clinique."], "fr")
    assert list(french) == ["flesch_reading_ease"] and french["flesch_reading_ease"] > 60
    spanish = translation_ease(["Llame a la clínica."], "es-US")
    assert list(spanish) == ["fernandez_huerta", "szigriszt_pazos"]
    assert translation_ease(["مرحبا بكم"], "ar") == {}


def test_engine_codes_come_from_the_profiles() -> None:
    assert apertium.mode_name("en", "es") == "eng-spa"
    assert apertium.mode_name("en", "fr") is None  # no Apertium code: Debian has no pair
    assert apertium.mode_name("en", "de") is None  # no profile
    assert [argos.code(lang) for lang in ("es", "fr", "de")] == ["es", "fr", "de"]


@pytest.mark.parametrize(
    ("target", "variants", "forms"),
    [
        ("estreñido", (), ("estreñido", "estreñida", "estreñidos", "estreñidas")),
        (
            "embarazada",
            ("embarazadas",),
            ("embarazada", "embarazada", "embarazadas", "embarazadas"),
        ),
        ("irritable", ("irritables",), ("irritable", "irritable", "irritables", "irritables")),
        ("sin receta", ("de venta libre",), ("sin receta",) * 4),
    ],
)
def test_a_glossary_adjective_has_a_form_for_each_gender_and_number(
    target: str, variants: tuple[str, ...], forms: tuple[str, ...]
) -> None:
    """By Spanish's adjective endings from the target; a target of one gender keeps it,
    with the variant that is its plural; a phrase never changes."""
    term = Term("x", target, Status.PROPOSED, variants, "", None, None, False, 1)
    spanish = conventions.load("es")
    assert spanish is not None
    made = protect.adjective_forms(term, "es", spanish.cognates)
    assert tuple(made[key] for key in FORMS) == forms
