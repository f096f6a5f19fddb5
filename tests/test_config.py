"""Configuration errors name the file and the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import config
from tests.conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pipeline.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_configuration_loads_with_paths_relative_to_it() -> None:
    loaded = config.load(ROOT / "pipeline.toml")
    assert loaded.sources == ROOT / "sources"
    assert loaded.review_cycle_years == 3
    assert "Back To Top" in loaded.text_reader.noise
    assert loaded.readability.baseline.is_absolute()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("review_cycle_yeras = 3\n", ":1: review_cycle_yeras: unknown setting"),
        ('review_cycle_years = "3"\n', ":1: review_cycle_years: must be int, not '3'"),
        ("review_cycle_years = 0\n", ":1: review_cycle_years: must be at least 1"),
        ("urgent = ['call (911']\n", ":1: urgent: bad regular expression"),
        ("\n[text_reader]\nnoise = 'one'\n", ":3: text_reader.noise: must be a list"),
        ("[text_reader]\nbulets = []\n", ":2: text_reader.bulets: unknown setting"),
        ("[readability]\nmax_grade = 'high'\n", ":2: readability.max_grade: must be float"),
        ("[policy.rules]\n'review.overdue' = 'loud'\n", "policy: unknown severity 'loud'"),
        ("[[policy.waivers]]\nrule = 'x'\n", ":1: policy.waivers.0: missing 2 required"),
        ("[audit]\nfail_level = 'error'\n", ":2: audit.fail_level: moved to [policy] fail_level"),
        ("[[audit.waivers]]\nrule = 'x'\n", ":1: audit.waivers: moved to [[policy.waivers]]"),
        ("language = \n", "not valid TOML"),
    ],
)
def test_bad_settings_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(config.ConfigError) as raised:
        config.load(path)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="cannot read"):
        config.load(tmp_path / "nope.toml")
