#!/usr/bin/env bash
# Qt translation files built from the sources.
#
#   installer/translations.sh update   lupdate the .ts from the sources, then lrelease the .qm
#   installer/translations.sh check    exit 1, listing the problems, unless the committed .ts and
#                                      .qm are complete and up to date (tests/test_i18n.py runs it)
#
# Options (tests point them at a scratch folder): --ts FILE (default
# studio/ui/translations/studio_zh_CN.ts; the .qm sits beside it) and source files after the
# options (default: studio/ui/**/*.py, studio/capture/*.py, studio/commerce/*.py, studio/chat/*.py,
# studio/scene/zones.py, studio/settings_schema.py).
#
# lupdate reads Python directly: self.tr("..."), QCoreApplication.translate("Context", "...") and
# QT_TRANSLATE_NOOP("Context", "...") (studio/capture/settings.py defines a no-op one so that
# headless code can mark labels without importing Qt). It only sees string literals: keyword
# arguments, f-strings and variables are skipped or extracted wrongly, which `check` reports.
# A literal shown to the user without tr() is also reported; end its line with `# notr` when it
# must not be translated (a brand name, a URL scheme).
#
# `update` keeps translations (lupdate merges into the existing .ts, dropping obsolete messages)
# and, since lupdate only matches within one context, also fills a new untranslated message
# from a finished one with the same text elsewhere (a string moved to another class).
#
# lrelease output is byte-for-byte deterministic (same bytes on rerun and for a .ts with its
# messages reordered), so `check` compares bytes; another Qt version may encode differently, so
# on a mismatch it falls back to loading both .qm files and comparing every translation.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"

exec "$PYTHON" - "$ROOT" "$@" <<'PY'
import ast
import copy
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(sys.argv[1])
DEFAULT_TS = ROOT / "studio/ui/translations/studio_zh_CN.ts"
OBSOLETE = {"obsolete", "vanished"}
# Literal text passed to these is shown to the user, so it must go through tr().
VISIBLE_CALLS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setPlaceholderText",
    "setTitle",
    "setTabText",
    "addTab",
    "insertTab",
    "addAction",
    "addMenu",
    "setLabelText",
    "showMessage",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMenu",
    "QMessageBox",
}
MESSAGE_BOXES = {"information", "warning", "critical", "question", "about"}  # QMessageBox.x()
TR_CALLS = {"tr", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "QT_TRANSLATE_NOOP3"}
PLACEHOLDER = re.compile(r"%n|%L?\d+|\{[^{}]*\}")


def tool(name: str) -> str:
    """Qt's own lupdate/lrelease inside the PySide6 package: the pyside6-* wrappers around them
    cost a Python start and a PySide6 import (about 0.15 s) per call."""
    spec = importlib.util.find_spec("PySide6")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        for binary in (name, f"{name}.exe"):
            if (Path(folder) / binary).is_file():
                return str(Path(folder) / binary)
    wrapper = f"pyside6-{name}"
    beside = Path(sys.executable).parent / wrapper
    found = str(beside) if beside.exists() else shutil.which(wrapper)
    if not found:
        sys.exit(f"{wrapper} not found: run `make test` once to create the venv")
    return found


def default_sources() -> list[Path]:
    ui = sorted((ROOT / "studio/ui").rglob("*.py"))
    # The settings of the layers that live beside their data (product cards, comments).
    layers = sorted((ROOT / "studio/commerce").glob("*.py")) + sorted(
        (ROOT / "studio/chat").glob("*.py")
    )
    zones = [ROOT / "studio/scene/zones.py"]  # the platforms' UI zones drawn over the preview
    schema = [ROOT / "studio/settings_schema.py"]  # the settings dialog's labels and units
    # The effects' labels (stages and their settings) live beside the code that applies them.
    effects = [ROOT / "studio/vision/settings.py", ROOT / "studio/vision/stages.py"]
    return ui + sorted((ROOT / "studio/capture").glob("*.py")) + layers + zones + schema + effects


def lupdate(sources: list[Path], ts: Path) -> str:
    # relative locations: editing a widget does not renumber every message below it
    cmd = [
        tool("lupdate"),
        "-no-obsolete",
        "-locations",
        "relative",
        "-source-language",
        "en",
        *map(str, sources),
        "-ts",
        str(ts),
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"lupdate failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def lrelease(ts: Path, qm: Path) -> str:
    cmd = [tool("lrelease"), str(ts), "-qm", str(qm)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"lrelease failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def messages(ts: Path) -> dict[tuple[str, str, str], ET.Element]:
    """(context, source, disambiguation) -> <message>; obsolete ones included."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message
    return found


def label(key: tuple[str, str, str]) -> str:
    context, source, comment = key
    return f"[{context or '<no context>'}] {source!r}" + (f" ({comment})" if comment else "")


def translation_type(message: ET.Element) -> str:
    element = message.find("translation")
    return "" if element is None else element.get("type", "")


def translations_of(message: ET.Element) -> list[str]:
    element = message.find("translation")
    if element is None:
        return []
    if message.get("numerus") == "yes":
        return [form.text or "" for form in element.iter("numerusform")]
    return [element.text or ""]


def translation_problems(ts: Path) -> list[str]:
    problems = []
    for key, message in messages(ts).items():
        kind = translation_type(message)
        texts = translations_of(message)
        if kind in OBSOLETE:
            problems.append(f"no longer in the sources (run make translations): {label(key)}")
        elif not key[0]:
            problems.append(f"no context, never translated (see below): {label(key)}")
        elif kind == "unfinished" or not texts or not all(t.strip() for t in texts):
            problems.append(f"no Chinese translation: {label(key)}")
        else:
            wanted = sorted(PLACEHOLDER.findall(key[1]))
            for text in texts:
                if sorted(PLACEHOLDER.findall(text)) != wanted:
                    problems.append(f"placeholders differ ({text!r}): {label(key)}")
    return problems


def staleness_problems(ts: Path, sources: list[Path]) -> list[str]:
    """Run lupdate into a copy and compare the messages (not the locations)."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / ts.name  # same name: lupdate guesses the language from it
        shutil.copyfile(ts, fresh)
        lupdate(sources, fresh)
        now = {k for k, m in messages(fresh).items() if translation_type(m) not in OBSOLETE}
    committed = set(messages(ts))
    added, gone = sorted(now - committed), sorted(committed - now)
    problems = [f"not in the .ts (run make translations): {label(k)}" for k in added]
    problems += [
        f"in the .ts but gone from the sources (run make translations): {label(k)}" for k in gone
    ]
    return problems


def qm_problems(ts: Path, qm: Path) -> list[str]:
    if not qm.exists():
        return [f"{qm.name} is missing (run make translations)"]
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / qm.name
        lrelease(ts, fresh)
        if fresh.read_bytes() == qm.read_bytes():
            return []
        return semantic_qm_problems(ts, qm, fresh)


def semantic_qm_problems(ts: Path, committed: Path, fresh: Path) -> list[str]:
    """Bytes differ (another lrelease version?): what matters is that every message translates
    the same through QTranslator."""
    from PySide6.QtCore import QTranslator

    old, new = QTranslator(), QTranslator()
    if not old.load(str(committed)) or not new.load(str(fresh)):
        return [f"{committed.name} cannot be loaded (run make translations)"]
    problems = []
    for (context, source, comment), message in messages(ts).items():
        counts = (1, 2, 5) if message.get("numerus") == "yes" else (-1,)
        for n in counts:
            a = old.translate(context, source, comment or None, n)
            b = new.translate(context, source, comment or None, n)
            if a != b:
                problems.append(
                    f"{committed.name} is stale (run make translations): "
                    f"{label((context, source, comment))} -> {a!r}, not {b!r}"
                )
                break
    return problems


def finished_by_text(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(source, disambiguation) -> a finished <translation>, whatever its context."""
    return {
        key[1:]: message.find("translation")
        for key, message in messages(ts).items()
        if translation_type(message) in ("", *OBSOLETE)
        and (texts := translations_of(message))
        and all(texts)
    }


def carry_translations(ts: Path, known: dict[tuple[str, str], ET.Element]) -> int:
    """lupdate keeps a translation only within its context: moving a string to another class
    (or fixing its context) would lose it. Refill such new messages from the same text."""
    tree = ET.parse(ts)
    carried = 0
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            key = (message.findtext("source") or "", message.findtext("comment") or "")
            old = known.get(key)
            if translation_type(message) != "unfinished" or any(translations_of(message)):
                continue
            if old is None or (message.get("numerus") == "yes") != (len(old) > 0):
                continue
            new = copy.deepcopy(old)
            new.attrib.pop("type", None)
            message.remove(message.find("translation"))
            message.append(new)
            carried += 1
    if carried:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return carried


def literal_text(node: ast.expr) -> str | None:
    """The text of a str literal or the literal parts of an f-string; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def source_problems(sources: list[Path]) -> list[str]:
    """What lupdate cannot see: visible literals never marked, and marks it extracts wrongly."""
    problems = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for node in ast.walk(ast.parse(text, str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            if name == "translate" and owner in ("QCoreApplication", "QApplication"):
                name = "tr"  # painter.translate(dx, dy) and str.translate are not marks
            if name in MESSAGE_BOXES and owner == "QMessageBox":
                name = "QMessageBox"
            line = lines[node.lineno - 1]
            if "# notr" in line:
                continue
            if name in TR_CALLS:
                if any(isinstance(a, ast.JoinedStr) for a in node.args):
                    problems.append(
                        f"{where}:{node.lineno}: {name}() of an f-string never "
                        "matches a translation; use tr('... {0}').format(...)"
                    )
                elif node.keywords and not node.args:
                    problems.append(
                        f"{where}:{node.lineno}: lupdate ignores keyword "
                        f"arguments to {name}(); pass them positionally"
                    )
            elif name in VISIBLE_CALLS:
                for arg in node.args:
                    shown = literal_text(arg)
                    if shown is not None and re.search(r"[^\W\d_]", shown):
                        problems.append(
                            f"{where}:{node.lineno}: {shown!r} is shown untranslated;"
                            " wrap it in self.tr() (or end the line with # notr)"
                        )
    return problems


def print_hints(problems: list[str]) -> None:
    if any(p.startswith("no context") for p in problems):
        print(
            "  lupdate files a tr() called outside a class (a module-level `def tr()` helper "
            "too) under no context, while Qt looks it up under the helper's context: call "
            'QCoreApplication.translate("Context", "...") or SomeQObjectClass.tr("...")'
        )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("update", "check"):
        print("usage: installer/translations.sh update|check [--ts FILE] [SOURCE...]")
        return 2
    command, rest = argv[0], argv[1:]
    ts = DEFAULT_TS
    if rest[:1] == ["--ts"]:
        ts, rest = Path(rest[1]).resolve(), rest[2:]
    sources = [Path(s).resolve() for s in rest] or default_sources()
    qm = ts.with_suffix(".qm")

    if command == "update":
        ts.parent.mkdir(parents=True, exist_ok=True)
        known = finished_by_text(ts) if ts.exists() else {}
        print(lupdate(sources, ts), end="")
        if carried := carry_translations(ts, known):
            print(f"    Carried {carried} translation(s) over from the same text elsewhere")
            lupdate(sources, ts)  # back to lupdate's own layout
        print(lrelease(ts, qm), end="")
        to_do = translation_problems(ts) + source_problems(sources)
        for problem in to_do:
            print(f"to do: {problem}")
        print_hints(to_do)
        return 0

    if not ts.exists():
        print(f"{ts} is missing (run make translations)")
        return 1
    problems = (
        source_problems(sources)
        + staleness_problems(ts, sources)
        + translation_problems(ts)
        + qm_problems(ts, qm)
    )
    for problem in problems:
        print(problem)
    print_hints(problems)
    if problems:
        print(f"{len(problems)} translation problem(s) in {ts.name}")
        return 1
    print(f"{ts.name}: {len(messages(ts))} messages, all translated and up to date")
    return 0


sys.exit(main(sys.argv[2:]))
PY
