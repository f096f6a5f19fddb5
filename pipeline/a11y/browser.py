"""Every page in one headless Chromium: axe-core, reflow at 320 px, text spacing and print.

A real browser is the only judge of colour contrast, layout and print media; jsdom cannot
compute them. Starting Chromium costs more than checking a page, so one browser checks
every page, one after the other in the same tab. Nothing may reach the network: Chromium
runs with background networking off and no host name resolving, and a page may fetch only
file: URLs; anything else it asks for is refused and reported (a sheet must work offline).
Each finding is located at the element's line in the file, found by following the
element's path from the browser in lxml's parse of the same file.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import lxml.html
from lxml import etree
from lxml.etree import _Element, _ElementTree

from pipeline import atomic
from pipeline.a11y import GOOD_PAGE, Checked, CheckerError, Output, node_package_file, unavailable
from pipeline.model import Finding, Location, Severity
from pipeline.rules import Example, Rule

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:  # missing() reports it, as a11y.unavailable, before anything needs it
    pass

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route, ViewportSize

AXE_RULES = Rule(
    "a11y.axe",
    Severity.ERROR,
    "axe-core's WCAG 2.0-2.2 A/AA rules (errors) and best practices (warnings), by axe rule id",
    GOOD_PAGE,
    Example("file", "a11y/image-without-alt.html"),
    open=True,
)
REFLOW = Rule(
    "a11y.reflow",
    Severity.ERROR,
    "at 320 CSS px (400 % zoom) the page scrolls sideways (WCAG 1.4.10)",
    GOOD_PAGE,
    Example("file", "a11y/too-wide.html"),
)
CLIPPED_SPACING = Rule(
    "a11y.text-spacing",
    Severity.ERROR,
    "text is cut off with WCAG 1.4.12 text spacing",
    GOOD_PAGE,
    Example("file", "a11y/clipped-spacing.html"),
)
PRINT = Rule(
    "a11y.print",
    Severity.ERROR,
    "printed, the page is too wide or loses content shown on screen",
    GOOD_PAGE,
    Example("file", "a11y/hidden-in-print.html"),
)
OFFLINE = Rule(
    "a11y.offline",
    Severity.ERROR,
    "the page asks for something from the network; a sheet must work offline",
    GOOD_PAGE,
    Example("file", "a11y/fetches.html"),
)
RULES = (AXE_RULES, REFLOW, CLIPPED_SPACING, PRINT, OFFLINE)

NAME = "axe-core in Chromium"
AXE = "axe-core/axe.min.js"
#: The flags ENVIRONMENT.md measured, plus a resolver that resolves nothing.
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
#: axe-core's tags for the WCAG 2.0, 2.1 and 2.2 A and AA rules: their violations are errors.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
#: Run too, as warnings: headings in order, one main landmark, all content in landmarks.
OTHER_TAGS = ("best-practice",)
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
#: WCAG 1.4.10: 320 CSS px wide, what 1280 px is at 400 % zoom.
NARROW: ViewportSize = {"width": 320, "height": 640}
#: A Letter or A4 page less half-inch margins, at the 96 CSS px per inch print uses.
PRINTED: ViewportSize = {"width": 720, "height": 960}
#: WCAG 1.4.12's spacing, as the well-known text-spacing bookmarklet applies it.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)
#: Milliseconds any one browser step may take.
TIMEOUT = 30_000

#: Helpers injected into every page after axe-core. Elements are named by their positional
#: path (/html[1]/body[1]/main[1]/p[2]), which lxml resolves in the file for a line number.
_HELPERS = """
window.__a11y = (() => {
  const path = el => {
    const steps = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      let index = 1;
      for (let s = node.previousElementSibling; s; s = s.previousElementSibling)
        if (s.localName === node.localName) index++;
      steps.unshift(`${node.localName}[${index}]`);
    }
    return '/' + steps.join('/');
  };
  const label = el => {
    const text = (el.innerText || el.getAttribute('alt') || '').trim().replace(/\\s+/g, ' ');
    const short = text.length > 40 ? text.slice(0, 39) + '…' : text;
    return `<${el.localName}>` + (short ? ` "${short}"` : '');
  };
  const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const visible = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 &&
      el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  };
  const content = () => [...document.body.querySelectorAll('*')].filter(
    el => (ownText(el) || el.matches('img, svg, video, canvas, object')) && visible(el));
  const sticksOut = (el, width) => {
    const outside = box => box.width > 0 && (box.right > width + 1 || box.left < -1);
    if (outside(el.getBoundingClientRect())) return true;
    return [...el.childNodes].some(n => {
      if (n.nodeType !== 3 || !n.textContent.trim()) return false;
      const range = document.createRange();
      range.selectNodeContents(n);
      return outside(range.getBoundingClientRect());
    });
  };
  return {
    async axe(tags, wcag) {
      const result = await axe.run(document, {
        runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations', 'incomplete'],
        elementRef: true,
      });
      const nodes = (rules, kind) => rules.flatMap(rule => rule.nodes.map(node => ({
        rule: rule.id,
        kind,
        wcag: rule.tags.some(tag => wcag.includes(tag)),
        help: rule.help,
        // Any one of node.any would pass, so the first says enough; all the others failed.
        summary: [...node.any.slice(0, 1), ...node.all, ...node.none]
          .map(c => c.message).filter(Boolean).join('; '),
        path: node.element ? path(node.element) : null,
      })));
      return {
        version: axe.version,
        nodes: [...nodes(result.violations, 'violation'), ...nodes(result.incomplete, 'review')],
      };
    },
    overflow() {
      const root = document.scrollingElement;
      const width = root.clientWidth;
      if (root.scrollWidth <= width) return null;
      const found = [];
      const walk = el => {
        if (sticksOut(el, width)) found.push({path: path(el), label: label(el)});
        else for (const child of el.children) walk(child);
      };
      walk(document.body);
      return {width: root.scrollWidth, found};
    },
    clipped() {
      const found = [];
      for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (['inline', 'contents', 'none'].includes(style.display)) continue;
        // A row holding a cell that spans rows below is taller inside than its own box,
        // by design: cells grow with their text, so a table's rows never cut it off.
        if (style.display.startsWith('table-') && style.display !== 'table-cell') continue;
        if (!el.textContent.trim()) continue;
        const tall = el.scrollHeight > el.clientHeight + 1;
        const wide = el.scrollWidth > el.clientWidth + 1;
        const cuts = value => value === 'hidden' || value === 'clip';
        if ((tall && cuts(style.overflowY)) || (wide && cuts(style.overflowX)))
          found.push({el, how: 'is cut off'});
        else if (tall && style.overflowY === 'visible')
          found.push({el, how: 'spills out of its box'});
      }
      // Text spilling out of a box spills out of its ancestors too: name the box.
      return found.filter(({el}) => !found.some(other => other.el !== el && el.contains(other.el)))
        .map(({el, how}) => ({path: path(el), label: label(el), how}));
    },
    content: () => content().map(path),
    hidden(paths) {
      const find = p =>
        document.evaluate(p, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE).singleNodeValue;
      return paths.map(p => [p, find(p)]).filter(([, el]) => !el || !visible(el))
        .map(([p, el]) => ({path: p, label: el ? label(el) : p}));
    },
  };
})();
"""


def missing() -> str | None:
    """What stops the browser checks from running here, if anything."""
    if shutil.which("chromium") is None:
        return "Chromium is not installed (Debian package chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (pip install -e '.[dev]')"
    if node_package_file(AXE) is None:
        return f"node_modules/{AXE} is missing (npm ci --ignore-scripts)"
    return None


def check(pages: Sequence[Output], screenshots: Path | None = None) -> Checked:
    """Check `pages` in one browser; with `screenshots`, save what each page looks like."""
    if (reason := missing()) is not None:
        return unavailable(NAME, reason, pages)
    with Browser(screenshots) as browser:
        findings = tuple(finding for page in pages for finding in browser.check(page))
        tests = f"axe-core {browser.axe_version}, reflow, text spacing, print"
        return Checked(findings, f"{tests} in Chromium {browser.version}")


class Browser:
    """One Chromium with a fresh profile in a temporary folder, for all the pages of a run."""

    def __init__(self, screenshots: Path | None = None) -> None:
        self._screenshots = screenshots
        self._requested: list[str] = []
        self.axe_version = ""
        self.version = ""

    def __enter__(self) -> Browser:
        axe = node_package_file(AXE)
        chromium = shutil.which("chromium")
        assert axe is not None and chromium is not None, "check missing() first"
        with ExitStack() as stack:
            profile = stack.enter_context(tempfile.TemporaryDirectory(prefix="a11y-chromium-"))
            playwright = stack.enter_context(sync_playwright())
            try:
                context = playwright.chromium.launch_persistent_context(
                    profile,
                    executable_path=chromium,
                    args=list(FLAGS),
                    headless=True,
                    offline=True,
                    service_workers="block",
                )
            except PlaywrightError as error:
                raise CheckerError(f"{NAME}: Chromium did not start: {error.message}") from None
            stack.callback(context.close)
            context.set_default_timeout(TIMEOUT)
            context.add_init_script(script=axe.read_text(encoding="utf-8") + _HELPERS)
            context.route("**/*", self._route)
            # One tab for every page: a new tab costs more than checking a page in it.
            self._page = context.new_page()
            self.version = context.browser.version if context.browser is not None else "?"
            self._closing = stack.pop_all()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._closing.close()

    def _route(self, route: Route) -> None:
        """Pages may read files; every other request is refused and remembered."""
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
            return
        self._requested.append(url)
        route.abort("blockedbyclient")

    def check(self, output: Output) -> list[Finding]:
        source = _Source(output)
        self._requested.clear()
        page = self._page
        try:
            page.emulate_media(media="screen")
            page.set_viewport_size(DESKTOP)
            page.goto(output.path.resolve().as_uri(), wait_until="load")
            found = self._axe(page, source)
            self._screenshot(page, output, "desktop")
            content: list[str] = page.evaluate("window.__a11y.content()")
            found += self._text_spacing(page, source)
            page.set_viewport_size(NARROW)
            found += _overflow(page, source, REFLOW, "at 320 CSS px the page scrolls sideways")
            self._screenshot(page, output, "320px")
            page.emulate_media(media="print")
            page.set_viewport_size(PRINTED)
            found += _overflow(page, source, PRINT, "printed, the page is too wide")
            found += _hidden_in_print(page, source, content)
            self._screenshot(page, output, "print")
        except PlaywrightError as error:
            raise CheckerError(f"{output.shown}: {NAME}: {error.message}") from None
        return found + [
            OFFLINE.finding(
                f"the page asks for {url}; a sheet must work offline, with nothing fetched",
                source.find(url),
            )
            for url in dict.fromkeys(self._requested)
        ]

    def _axe(self, page: Page, source: _Source) -> list[Finding]:
        result: dict[str, Any] = page.evaluate(
            "([tags, wcag]) => window.__a11y.axe(tags, wcag)",
            [[*WCAG_TAGS, *OTHER_TAGS], list(WCAG_TAGS)],
        )
        self.axe_version = str(result["version"])
        findings = []
        for node in result["nodes"]:
            failing = node["kind"] == "violation" and node["wcag"]
            prefix = "" if node["kind"] == "violation" else "needs a person's review: "
            summary = " ".join(str(node["summary"]).split())
            findings.append(
                AXE_RULES.finding(
                    f"{prefix}{node['help']}: {summary}",
                    source.locate(node["path"]),
                    severity=None if failing else Severity.WARNING,
                    sub=str(node["rule"]),
                )
            )
        return findings

    def _text_spacing(self, page: Page, source: _Source) -> list[Finding]:
        style = page.add_style_tag(content=TEXT_SPACING)
        found: list[dict[str, str]] = page.evaluate("window.__a11y.clipped()")
        style.evaluate("element => element.remove()")
        return [
            CLIPPED_SPACING.finding(
                f"with WCAG 1.4.12 text spacing, {item['label']} {item['how']}",
                source.locate(item["path"]),
            )
            for item in found
        ]

    def _screenshot(self, page: Page, output: Output, view: str) -> None:
        if self._screenshots is not None:
            name = f"{output.path.parent.name}/{output.path.stem}.{view}.png"
            atomic.write_bytes(self._screenshots / name, page.screenshot(full_page=True))


def _overflow(page: Page, source: _Source, rule: Rule, problem: str) -> list[Finding]:
    """Content wider than the viewport: the outermost elements that stick out, or the body."""
    result: dict[str, Any] | None = page.evaluate("window.__a11y.overflow()")
    if result is None:
        return []
    items = result["found"] or [{"path": "/html[1]/body[1]", "label": "<body>"}]
    return [
        rule.finding(
            f"{problem} (content {result['width']} px wide): {item['label']} sticks out",
            source.locate(item["path"]),
        )
        for item in items
    ]


def _hidden_in_print(page: Page, source: _Source, content: list[str]) -> list[Finding]:
    hidden: list[dict[str, str]] = page.evaluate("paths => window.__a11y.hidden(paths)", content)
    return [
        PRINT.finding(
            f"{item['label']} shows on screen but not when printed",
            source.locate(item["path"]),
        )
        for item in hidden
    ]


class _Source:
    """An HTML file parsed by lxml, to turn the browser's element paths into lines."""

    def __init__(self, output: Output) -> None:
        data = output.path.read_bytes()
        self._shown = output.shown
        self._lines = data.decode("utf-8", errors="replace").splitlines()
        try:
            self._tree: _ElementTree | None = lxml.html.document_fromstring(data).getroottree()
        except etree.ParserError:  # an empty file: every finding is at line 1
            self._tree = None

    def locate(self, path: str | None) -> Location:
        """The element's start tag, or line 1 when the parsers disagree about the tree."""
        try:
            found = self._tree.xpath(path) if path and self._tree is not None else []
        except etree.XPathError:
            found = []
        element = found[0] if isinstance(found, list) and found else None
        line: object = element.sourceline if isinstance(element, _Element) else None
        if not isinstance(element, _Element) or not isinstance(line, int) or line < 1:
            return Location(self._shown, 1)
        text = self._lines[line - 1] if line <= len(self._lines) else ""
        return Location(self._shown, line, text.find(f"<{element.tag}") + 1 or 1)

    def find(self, text: str) -> Location:
        """Where `text` (e.g. a URL) first appears in the file, or line 1."""
        for number, line in enumerate(self._lines, start=1):
            if (column := line.find(text)) >= 0:
                return Location(self._shown, number, column + 1)
        return Location(self._shown, 1)
