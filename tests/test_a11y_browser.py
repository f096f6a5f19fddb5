"""axe-core, reflow, text spacing and print in the real headless Chromium: every known-bad
page is caught at its line, the real outputs pass, one browser serves every page, and
nothing reaches the network. Skipped, with what to install, where Chromium is missing."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import exits
from pipeline.a11y import INSTALL, Output, browser
from pipeline.config import Config
from pipeline.model import Finding, Severity
from tests.test_a11y_runner import built
from tests.test_offline import unshare_command

FIXTURES = Path(__file__).parent / "fixtures" / "a11y"
ROOT = Path(__file__).resolve().parent.parent

#: Each bad page and every (rule, line, severity) the browser reports for it.
EXPECTED = {
    "missing-lang.html": [("a11y.axe.html-has-lang", 2, Severity.ERROR)],
    "low-contrast.html": [("a11y.axe.color-contrast", 10, Severity.ERROR)],
    "image-without-alt.html": [("a11y.axe.image-alt", 10, Severity.ERROR)],
    # axe-core's heading order is a best practice, not a WCAG rule; vnu makes it an error.
    "skipped-heading.html": [("a11y.axe.heading-order", 10, Severity.WARNING)],
    "too-wide.html": [("a11y.reflow", 12, Severity.ERROR), ("a11y.print", 12, Severity.ERROR)],
    "clipped-spacing.html": [("a11y.text-spacing", 12, Severity.ERROR)],
    "hidden-in-print.html": [("a11y.print", 12, Severity.ERROR)],
    "fetches.html": [("a11y.offline", 11, Severity.ERROR)],
}


@pytest.fixture(scope="module")
def chromium() -> None:
    if (reason := browser.missing()) is not None:
        pytest.skip(f"{reason}; install: {INSTALL}")


@pytest.fixture(scope="module")
def starts(chromium: None) -> Iterator[list[int]]:
    """Counts browser starts while the module's checks run."""
    counted: list[int] = []
    enter = browser.Browser.__enter__

    def counting(self: browser.Browser) -> browser.Browser:
        counted.append(1)
        return enter(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(browser.Browser, "__enter__", counting)
        yield counted


@pytest.fixture(scope="module")
def real_page(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    return built(tmp_path_factory.mktemp("built"), config).outputs / "en" / "aldesleukin.html"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def checked(starts: list[int], real_page: Path, shots: Path) -> dict[str, list[Finding]]:
    """Every bad page, the low-contrast one twice, and the real output, in one browser."""
    pages = [Output(FIXTURES / name, name) for name in sorted(EXPECTED)]
    pages.append(Output(FIXTURES / "low-contrast.html", "again.html"))
    pages.append(Output(real_page, "outputs/en/aldesleukin.html"))
    result = browser.check(pages, shots)
    assert sum(starts) == 1
    assert result.checker.startswith("axe-core 4.14.1, reflow, text spacing, print in Chromium ")
    found: dict[str, list[Finding]] = {page.shown: [] for page in pages}
    for finding in result.findings:
        found[finding.loc.path].append(finding)
    return found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_page_is_caught_at_its_line(checked: dict[str, list[Finding]], name: str) -> None:
    found = [(f.rule, f.loc.line, f.severity) for f in checked[name]]
    assert found == EXPECTED[name]


def test_messages_say_what_is_wrong(checked: dict[str, list[Finding]]) -> None:
    (contrast,) = checked["low-contrast.html"]
    assert str(contrast) == (
        "low-contrast.html:10:7: error: a11y.axe.color-contrast: Elements must meet minimum "
        "color contrast ratio thresholds: Element has insufficient color contrast of 2.32 "
        "(foreground color: #aaaaaa, background color: #ffffff, font size: 12.0pt (16px), "
        "font weight: normal). Expected contrast ratio of 4.5:1"
    )
    (offline,) = checked["fetches.html"]
    assert offline.message.startswith(
        "the page asks for http://logo.a11y-fixture.invalid/logo.png; a sheet must work offline"
    )
    (hidden,) = checked["hidden-in-print.html"]
    assert (
        hidden.message == '<p> "Call the clinic at 555-0100." shows on screen but not when printed'
    )


def test_the_same_page_gives_the_same_findings(
    checked: dict[str, list[Finding]],
) -> None:
    again = [(f.rule, f.loc.line, f.loc.col, f.message) for f in checked["again.html"]]
    once = [(f.rule, f.loc.line, f.loc.col, f.message) for f in checked["low-contrast.html"]]
    assert again == once


def test_the_real_output_passes(checked: dict[str, list[Finding]]) -> None:
    assert checked["outputs/en/aldesleukin.html"] == []


def test_screenshots_show_each_page_on_a_desktop_a_phone_and_paper(
    checked: dict[str, list[Finding]], shots: Path
) -> None:
    widths = {}
    for view in ("desktop", "320px", "print"):
        png = (shots / "en" / f"aldesleukin.{view}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        widths[view] = struct.unpack(">I", png[16:20])[0]
    assert widths == {"desktop": 1280, "320px": 320, "print": 720}
    assert len(list(shots.glob("a11y/*.png"))) == 3 * len(EXPECTED)  # the fixtures folder


def test_without_any_network_the_whole_run_passes(
    chromium: None, tmp_path: Path, config: Config
) -> None:
    """Chromium and Java in a network namespace with no interfaces: nothing needs one."""
    if shutil.which("java") is None:
        pytest.skip(f"no Java runtime; install: {INSTALL}")
    settings = built(tmp_path, config)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.config import AuditConfig, Config\n"
        "from pipeline.a11y import runner\n"
        "outputs = Path(sys.argv[1])\n"
        "settings = Config(outputs=outputs, audit=AuditConfig(report=outputs / 'report'))\n"
        "sys.exit(runner.main(settings))\n"
    )
    done = subprocess.run(
        [*unshare_command(), sys.executable, "-c", code, str(settings.outputs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == exits.OK, done.stdout + done.stderr
    assert "3 file(s) checked for accessibility: 0 error(s), 0 warning(s)" in done.stdout
