"""A dropped or added letter of an everyday word is a typo, capitalised or not (issue 15)."""

from __future__ import annotations

import pytest

from pipeline import speller as speller_module
from pipeline.config import Config
from pipeline.speller import Speller


def kinds(config: Config, text: str) -> dict[str, str]:
    with Speller(config.spelling) as speller:
        [found] = speller.check([text])
    return {m.word: m.kind for m in found}


@pytest.mark.parametrize(
    ("text", "typo"),
    [
        ("Howevr, the shot is safe.", "Howevr"),  # a sentence's first word
        ("Researcers Find New Ways To Help", "Researcers"),  # Title Case
        ("Fruit, Fods and Drinks", "Fods"),  # a list of capitalised words
        ("Cildren may cry after the shot.", "Cildren"),
        ("Eat Foos that are soft.", "Foos"),  # a rare word (foo's) one letter from "foods"
        ("Put your thigs away.", "thigs"),
    ],
)
def test_a_dropped_letter_of_an_everyday_word_is_a_typo(
    hunspell: None, config: Config, text: str, typo: str
) -> None:
    assert kinds(config, text)[typo] == speller_module.TYPO


@pytest.mark.parametrize(
    "text",
    [
        "Illustration \u00a9 Terese Winslow LLC.",  # where names stand, though "terse" is one off
        "Ask Dr. Terese about it.",
        "Kamiya and Zangwill wrote it.",
    ],
)
def test_names_where_names_stand_stay_names(hunspell: None, config: Config, text: str) -> None:
    assert set(kinds(config, text).values()) == {speller_module.NAME}


def test_one_letter_variants_are_drops_and_additions() -> None:
    variants = speller_module._one_letter("fods")
    assert {"ods", "fds", "fos", "fod", "foods", "afods", "fodsz"} <= variants
    assert "fods" not in variants
    assert all(abs(len(variant) - len("fods")) == 1 for variant in variants)


def test_words_of_multi_word_official_drug_names_are_known(hunspell: None, config: Config) -> None:
    # "inotuzumab ozogamicin" is one official name of two words (drugs.txt's header).
    assert kinds(config, "Inotuzumab ozogamicin is given by infusion.") == {}
    assert kinds(config, "Inotuzumab ozogamicin is given by infusoin.") == {
        "infusoin": speller_module.TYPO
    }


def test_a_typo_beside_a_typo_is_no_name(hunspell: None, config: Config) -> None:
    found = kinds(config, "Order, Print, and Downolad Materals")
    assert found == {"Downolad": speller_module.TYPO, "Materals": speller_module.TYPO}
