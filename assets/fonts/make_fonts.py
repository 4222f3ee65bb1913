"""Make the bundled fonts in assets/fonts/ from Noto Sans CJK SC (SIL OFL 1.1) as Debian ships it.

A developer runs this by hand, on Debian or Ubuntu, and commits what it writes; nothing runs it at
install time:

    apt-get install fonts-noto-cjk fonts-noto-core       # the sources (see SOURCES below)
    .venv/bin/python assets/fonts/make_fonts.py          # fonttools comes with the [test] extra

What it does, for Regular and Bold: finds the face whose family name is "Noto Sans CJK SC" in the
package's NotoSansCJK-Regular.ttc / NotoSansCJK-Bold.ttc and subsets it with fontTools.subset to
the characters listed below: every character of GB2312, the Latin, punctuation, currency, arrow,
maths and symbol blocks that overlays use, CJK punctuation, full-width forms and a few dozen
Hanzi beyond GB2312 met in shop, brand and people's names. It keeps the CFF outlines without
hints, only the kern, palt and vert layout features, the whole name table (the copyright,
licence and trademark notices stay inside the files) and the .notdef box (a missing character
shows as a box, not as nothing).

Noto Sans CJK lacks some of those characters (₹ ₽ ✔ ✗ ❤, most of Latin Extended-A such as
ą ć ł ő, superscript digits, ⅓): those are copied in from the OFL fonts Noto Sans (Latin, scaled
to Noto Sans CJK's capital height, same weight as the face) and Noto Sans Symbols 2 / Noto Sans
Symbols (ticks, crosses, hearts, shapes; Symbols 2 has no Bold: both faces get its Regular),
outlines turned into CFF, contours reversed to CFF's direction.

Then it checks the result (every required character has a glyph, Pillow draws 中 unlike the box
for a missing character, both faces hold the same characters, neither is over MAX_BYTES) and
writes NotoSansSC-Regular.otf, NotoSansSC-Bold.otf, OFL.txt (the licence text from the packages'
copyright files, with every source font's notices) and README.md (sources, versions, ranges,
sha256). The output is byte-identical for the same package versions and fontTools version (the
source fonts' timestamps are kept).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAMILY = "Noto Sans CJK SC"
CJK_PACKAGE = "fonts-noto-cjk"
DONOR_PACKAGE = "fonts-noto-core"
CJK_DIR = Path("/usr/share/fonts/opentype/noto")
DONOR_DIR = Path("/usr/share/fonts/truetype/noto")
# style: (collection in CJK_PACKAGE, file written here, donors in DONOR_PACKAGE in order of use)
SOURCES = {
    "Regular": (
        "NotoSansCJK-Regular.ttc",
        "NotoSansSC-Regular.otf",
        ("NotoSans-Regular.ttf", "NotoSansSymbols2-Regular.ttf", "NotoSansSymbols-Regular.ttf"),
    ),
    "Bold": (
        "NotoSansCJK-Bold.ttc",
        "NotoSansSC-Bold.otf",
        ("NotoSans-Bold.ttf", "NotoSansSymbols2-Regular.ttf", "NotoSansSymbols-Bold.ttf"),
    ),
}
SCALED_DONORS = ("NotoSans-",)  # Latin: scaled to the CJK face's capital height
FONTTOOLS_VERSION = "4.68.0"  # the pin in pyproject.toml's [test] extra; other versions warn
MAX_BYTES = 4 * 1024 * 1024
LAYOUT_FEATURES = ["kern", "palt", "vert"]
SUBSET_NOTE = "subset for Shopcast Studio (assets/fonts/make_fonts.py)"

# Whole Unicode blocks (or the used part of one): whatever the sources have of them is kept.
RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0020, 0x007E, "Basic Latin"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x01CD, 0x01DC, "Latin Extended-B: pinyin with tone marks (ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ)"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2070, 0x209F, "Superscripts and Subscripts"),
    (0x20A0, 0x20CF, "Currency Symbols"),
    (0x2100, 0x214F, "Letterlike Symbols (℃ № ™)"),
    (0x2150, 0x218F, "Number Forms (Ⅰ Ⅻ ½)"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics (① ⑳ ⑴ ⒈)"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x2580, 0x259F, "Block Elements"),
    (0x25A0, 0x25FF, "Geometric Shapes (● ○ ■ □ ◆ ▲)"),
    (0x2600, 0x26FF, "Miscellaneous Symbols (★ ☆ ☎ ☑)"),
    (0x2700, 0x27BF, "Dingbats (✓ ✔ ✗ ❤)"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3220, 0x3243, "Enclosed CJK: parenthesized ideographs (㈠ ㈩)"),
    (0x3280, 0x32B0, "Enclosed CJK: circled ideographs (㊀ ㊣)"),
    (0x3380, 0x33DF, "CJK Compatibility: units (㎏ ㎡ ㎝ ㏄)"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFE50, 0xFE6F, "Small Form Variants"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
)
# Hanzi outside GB2312 still met in product, shop and people's names and in Cantonese live
# selling; the ones GB2312 already has are dropped (and listed) when the script runs.
EXTRA_HANZI = (
    "啰喆堃昇垚犇燚玥珺璟祎芃旻晞暐嫚镕赟嘚槑囧啫裇粿埇甪硚燊珅瑄翀彧禛洺鹍叒叕焗"
    "嘢咁啲冇嚟佢嘅嗰瞓嚿氹犛瀞"
)
# Must each have a glyph (on top of GB2312 and EXTRA_HANZI); the script fails otherwise.
REQUIRED_SYMBOLS = (
    "¥￥$€£₹₽₩₫₱₦₴₺¢%‰×÷±≈≠≤≥～~√∞°℃№™©®·•…—–‘’“”「」『』【】《》〈〉"
    "←↑→↓↔⇒✓✔✗✘✕✖❤★☆●○■□◆◇▲△▼▽☐☑☒♀♂☎①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳ⅠⅡⅢⅣⅤ㎡㎏"
    "ĄąĆćĘęŁłŃńŐőŚśŹźŻż²³¹⁰⁴⅓"
)


@dataclass
class Made:
    style: str
    source: Path
    source_sha256: str
    index: int
    path: Path
    glyphs: int = 0
    characters: int = 0
    sha256: str = ""
    donated: dict[str, list[int]] = field(default_factory=dict)  # donor file: code points


def gb2312_characters() -> set[str]:
    """Every character of GB2312: each valid two-byte code (rows 1-9 symbols, 16-87 Hanzi)."""
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:  # an empty cell of the table
                continue
    return found


def in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def debian_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}|${Version}", package],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    status, _, version = out.partition("|")
    if "install ok installed" not in status:
        sys.exit(f"make_fonts: the Debian package {package} is not installed (apt-get install)")
    return version


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def face_index(collection: Path) -> int:
    """The index of the FAMILY face inside a .ttc collection."""
    from fontTools.ttLib import TTCollection

    faces = TTCollection(str(collection), lazy=True)
    try:
        names = [font["name"].getDebugName(1) for font in faces.fonts]
    finally:
        faces.close()
    if FAMILY not in names:
        sys.exit(f"make_fonts: no face {FAMILY!r} in {collection} (it has {names})")
    return names.index(FAMILY)


def wanted_characters() -> tuple[set[int], set[int]]:
    """(all code points to keep where the sources have them, those that must have a glyph)."""
    required = {ord(c) for c in gb2312_characters() | set(EXTRA_HANZI) | set(REQUIRED_SYMBOLS)}
    wanted = set(required)
    for first, last, _ in RANGES:
        wanted.update(range(first, last + 1))
    return wanted, required


def subset(font, wanted: set[int]) -> None:
    from fontTools import subset as fontsubset

    options = fontsubset.Options()
    options.hinting = False  # CFF stem hints: no visible gain at overlay sizes, ~15% smaller
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]  # copyright (0), trademark (7), licence (13, 14) stay inside
    options.name_languages = ["*"]
    options.notdef_outline = True  # a character the subset lacks shows as a box
    options.glyph_names = False
    subsetter = fontsubset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)


def add_donor_glyphs(font, donor_path: Path, wanted: set[int]) -> list[int]:
    """Copy in the donor's glyphs for the wanted code points `font` lacks; returns those."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.reverseContourPen import ReverseContourPen
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    cmap = font.getBestCmap()
    donor = TTFont(str(donor_path))
    donor_cmap = donor.getBestCmap()
    todo = sorted(cp for cp in wanted - set(cmap) if cp in donor_cmap)
    if not todo:
        return []
    if donor["head"].unitsPerEm != font["head"].unitsPerEm:
        sys.exit(f"make_fonts: {donor_path.name} has another units per em")
    scale = 1.0
    if donor_path.name.startswith(SCALED_DONORS):
        scale = font["OS/2"].sCapHeight / donor["OS/2"].sCapHeight
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    charstrings = top.CharStrings
    # The Latin letters' private dict (its nominal width is what widths are stored against).
    _, fd = charstrings.getItemAndSelector(cmap[ord("A")])
    private = top.FDArray[fd].Private
    order = list(font.getGlyphOrder())
    used = {int(name[3:]) for name in order if name.startswith("cid")}
    free_cids = (cid for cid in range(1, top.CIDCount) if cid not in used)
    vertical_origin = font["VORG"].defaultVertOriginY
    glyphs = donor.getGlyphSet()
    made: dict[str, str] = {}  # donor glyph name: new glyph name (one glyph, several chars)
    for cp in todo:
        source = donor_cmap[cp]
        if source not in made:
            recording = DecomposingRecordingPen(glyphs)
            glyphs[source].draw(recording)
            width = round(glyphs[source].width * scale)
            pen = T2CharStringPen(width - private.nominalWidthX, None)
            bounds = BoundsPen(None)
            for out in (ReverseContourPen(pen), bounds):  # TrueType's direction is CFF's reverse
                recording.replay(TransformPen(out, (scale, 0, 0, scale, 0, 0)))
            x_min, _, _, y_max = bounds.bounds or (0, 0, 0, 0)
            name = f"cid{next(free_cids):05d}"
            charstrings.charStringsIndex.append(
                pen.getCharString(private=private, globalSubrs=cff.GlobalSubrs)
            )
            charstrings.charStrings[name] = len(charstrings.charStringsIndex) - 1
            top.FDSelect.gidArray.append(fd)
            order.append(name)
            font["hmtx"].metrics[name] = (width, round(x_min))
            font["vmtx"].metrics[name] = (font["head"].unitsPerEm, round(vertical_origin - y_max))
            made[source] = name
        for table in font["cmap"].tables:
            if table.isUnicode() and (table.format != 4 or cp <= 0xFFFF):
                table.cmap[cp] = made[source]
    top.charset = order
    font.setGlyphOrder(order)
    donor.close()
    return todo


def make_face(style: str, source: Path, donors: list[Path], wanted: set[int], out: Path) -> Made:
    from fontTools.ttLib import TTFont

    index = face_index(source)
    print(f"make_fonts: {source.name} face {index} -> {out.name}")
    made = Made(style, source, sha256(source), index, out)
    font = TTFont(str(source), fontNumber=index, recalcTimestamp=False)
    subset(font, wanted)
    for donor in donors:
        made.donated[donor.name] = add_donor_glyphs(font, donor, wanted)
    font["OS/2"].recalcUnicodeRanges(font)
    name = font["name"]
    for record in list(name.names):
        if record.nameID == 5:  # the version string says it is not the original
            text = f"{record.toUnicode()}; {SUBSET_NOTE}"
            name.setName(text, 5, record.platformID, record.platEncID, record.langID)
    font.save(str(out))
    font.close()
    made.sha256 = sha256(out)
    return made


def check_face(made: Made, required: set[int]) -> set[int]:
    from fontTools.misc.psCharStrings import T2WidthExtractor
    from fontTools.ttLib import TTFont
    from PIL import ImageFont

    path = made.path
    font = TTFont(str(path))
    cmap = set(font.getBestCmap())
    made.glyphs, made.characters = len(font.getGlyphOrder()), len(cmap)
    missing = sorted(required - cmap)
    if missing:
        sys.exit(f"make_fonts: {path.name} lacks {''.join(map(chr, missing[:40]))!r}")
    # The CFF widths of the copied glyphs agree with hmtx (what FreeType and others use).
    top = font["CFF "].cff.topDictIndex[0]
    best = font.getBestCmap()
    for cp in (cp for cps in made.donated.values() for cp in cps):
        charstring, fd = top.CharStrings.getItemAndSelector(best[cp])
        private = top.FDArray[fd].Private
        extractor = T2WidthExtractor(
            getattr(private, "Subrs", []),
            charstring.globalSubrs,
            private.nominalWidthX,
            private.defaultWidthX,
        )
        extractor.execute(charstring)
        if extractor.width != font["hmtx"][best[cp]][0]:
            sys.exit(f"make_fonts: {path.name}: CFF width of U+{cp:04X} is not its hmtx width")
    font.close()
    size = path.stat().st_size
    if size > MAX_BYTES:
        sys.exit(f"make_fonts: {path.name} is {size} bytes, over {MAX_BYTES}")
    pil = ImageFont.truetype(str(path), 48, layout_engine=ImageFont.Layout.BASIC)
    for char in "中✔₹ą":
        glyph, box = pil.getmask(char), pil.getmask("\u0378")  # U+0378: never assigned
        if glyph.getbbox() is None or (glyph.size == box.size and bytes(glyph) == bytes(box)):
            sys.exit(f"make_fonts: Pillow draws no real {char} with {path.name}")
    return cmap


def deb822(path: Path) -> list[dict[str, str]]:
    """The paragraphs of a machine-readable debian/copyright file, as field: value."""
    paragraphs = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += "\n" + line
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if fields:
            paragraphs.append(fields)
    return paragraphs


def copyright_file(package: str) -> Path:
    return Path(f"/usr/share/doc/{package}/copyright")


def licence_text(package: str, name: str) -> str:
    """The text of licence `name` in the package's copyright file (a stand-alone paragraph)."""
    for fields in deb822(copyright_file(package)):
        first, _, body = fields.get("License", "").partition("\n")
        if first.strip() == name and body.strip():
            lines = [line[1:] if line.startswith(" ") else line for line in body.splitlines()]
            return "\n".join("" if line == "." else line for line in lines).strip("\n") + "\n"
    sys.exit(f"make_fonts: no {name} licence text in {copyright_file(package)}")


def fonts_copyright(package: str) -> str:
    """The Copyright field of the copyright file's `Files: *` paragraph (the fonts)."""
    for fields in deb822(copyright_file(package)):
        if fields.get("Files", "").strip() == "*":
            return "; ".join(line.strip() for line in fields["Copyright"].splitlines() if line)
    sys.exit(f"make_fonts: no `Files: *` paragraph in {copyright_file(package)}")


def _words(text: str) -> list[str]:
    return text[text.index("PREAMBLE") :].split()


def notices(path: Path) -> tuple[str, str]:
    """(copyright, trademark): name IDs 0 and 7 of a font (face 0 of a collection)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, fontNumber=0)
    name = font["name"]
    found = (name.getDebugName(0) or "", name.getDebugName(7) or "")
    font.close()
    return found


def write_ofl(out: Path, made: list[Made], versions: dict[str, str], donors: list[Path]) -> None:
    cjk_text = licence_text(CJK_PACKAGE, "SIL-1.1")
    donor_text = licence_text(DONOR_PACKAGE, "OFL-1.1")
    if _words(cjk_text) != _words(donor_text):
        sys.exit(f"make_fonts: the OFL texts of {CJK_PACKAGE} and {DONOR_PACKAGE} differ")
    files = " and ".join(m.path.name for m in made)
    lines = [
        f"{files} are made from these fonts, all under the SIL Open Font License 1.1:",
        "",
    ]
    for path in [made[0].source, *donors]:
        package = CJK_PACKAGE if path.suffix == ".ttc" else DONOR_PACKAGE
        copyright_, trademark = notices(path)
        lines.append(f"- {path.name} (Debian package {package} {versions[package]}):")
        lines.append(f"  {copyright_}" + (f" {trademark}" if trademark else ""))
    lines += [
        "",
        "Copyright as the packages' debian/copyright files give it for the fonts:",
        f"- {CJK_PACKAGE}: {fonts_copyright(CJK_PACKAGE)}",
        f"- {DONOR_PACKAGE}: {fonts_copyright(DONOR_PACKAGE)}",
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        f"The licence text below is from {copyright_file(CJK_PACKAGE)}",
        f"({copyright_file(DONOR_PACKAGE)} holds the same text).",
        "",
        "",
    ]
    (out / "OFL.txt").write_text("\n".join(lines) + cjk_text, encoding="utf-8")


def _chars(cps: list[int]) -> str:
    return " ".join(chr(cp) for cp in cps if unicodedata.category(chr(cp))[0] not in "CZ")


def write_readme(
    out: Path,
    made: list[Made],
    versions: dict[str, str],
    donors: dict[str, tuple[str, ...]],
    cmap: set[int],
    extras: list[str],
    required: set[int],
) -> None:
    import fontTools

    gb = gb2312_characters()
    hanzi = sum(1 for c in gb if unicodedata.name(c, "").startswith("CJK UNIFIED"))
    copyright_, trademark = notices(made[0].source)
    regular = made[0]
    donated = {cp for cps in regular.donated.values() for cp in cps}
    range_rows = "\n".join(
        f"| U+{first:04X}-{last:04X} | {label} | "
        f"{sum(1 for cp in range(first, last + 1) if cp in cmap)} | "
        f"{sum(1 for cp in range(first, last + 1) if cp in donated)} |"
        for first, last, label in RANGES
    )
    file_rows = "\n".join(
        f"| `{m.path.name}` | {m.style} | {m.path.stat().st_size:,} | {m.glyphs} | `{m.sha256}` |"
        for m in made
    )
    source_rows = "\n".join(f"| `{m.source}` | {m.index} | `{m.source_sha256}` |" for m in made)
    donor_rows = "\n".join(
        f"| `{name}` | {', '.join(s for s, d in donors.items() if name in d)} | "
        f"{len(regular.donated.get(name, [])) or len(made[-1].donated.get(name, []))} |"
        for name in dict.fromkeys(n for d in donors.values() for n in d)
    )
    text = f"""# assets/fonts

The fonts the studio draws its own text with (text sources, overlays), on every platform:
subsets of **{FAMILY}** (Regular and Bold) that cover Simplified Chinese (all of GB2312),
Latin, digits and the symbols shops use (currency, ticks, stars, circled numbers, arrows,
full-width forms). `studio/fonts.py` prefers them to any system font.

| file | style | bytes | glyphs | sha256 |
| --- | --- | ---: | ---: | --- |
{file_rows}

- `OFL.txt`: the SIL Open Font License 1.1 with the copyright notices of every source font.
  It must ship with the fonts (the installer too).
- `make_fonts.py`: the script that made everything here, this README included.

## Sources

All from Debian packages (here Debian 12), all under the SIL Open Font License 1.1.

**`{CJK_PACKAGE}` {versions[CJK_PACKAGE]}** (upstream noto-cjk Sans 2.004,
<https://github.com/notofonts/noto-cjk>): the face whose family name is "{FAMILY}" in

| source file | face index | sha256 |
| --- | ---: | --- |
{source_rows}

Both collections come with `{CJK_PACKAGE}` itself (`fonts-noto-cjk-extra` holds the other
weights and is not needed).

**`{DONOR_PACKAGE}` {versions[DONOR_PACKAGE]}**: Noto Sans CJK lacks {len(donated)} of the
wanted characters; they are copied in from these fonts, the first that has one wins:

| file | used for | characters |
| --- | --- | ---: |
{donor_rows}

Noto Sans glyphs are scaled to Noto Sans CJK's capital height (Noto Sans's are 3% lower);
Noto Sans Symbols 2 has no Bold, so the Bold face gets its Regular ticks and shapes. The table
of blocks below counts the characters copied in; among them: {_chars(sorted(donated & required))}.

## Licence

SIL Open Font License 1.1: `OFL.txt` holds the text from
`{copyright_file(CJK_PACKAGE)}` (the same as in `{copyright_file(DONOR_PACKAGE)}`) and
every source font's notices. Noto Sans CJK's own: "{copyright_}" ({trademark}). The fonts may
be bundled and redistributed with the studio (not sold on their own), and the subsets, being
Modified Versions, stay under the OFL.

Reserved Font Names: none of the source fonts' name tables nor Debian's copyright files
names any. Upstream noto-cjk's LICENSE file (not in the Debian package) reserves only
"Source" (from Adobe's twin family Source Han Sans); "Noto" is not a Reserved Font Name (it is
a Google trademark, named in the fonts' name table, which is kept whole). The subsets keep the
upstream names and do not use "Source", so OFL condition 3 is met; their version string (name
ID 5) ends with "{SUBSET_NOTE}".

## What the subset holds

{len(cmap)} characters in each face (both faces hold the same ones):

- all {len(gb)} characters of GB2312 (every valid two-byte code decoded with Python's
  `gb2312` codec): {hanzi} Hanzi (levels 1 and 2) and its symbols, full-width Latin, Greek,
  Cyrillic, kana, bopomofo, pinyin and box drawing;
- {len(extras)} Hanzi beyond GB2312 met in shop, brand and people's names and in Cantonese
  live selling: {"".join(extras)};
- whatever the sources have of these blocks:

| range | block | characters kept | of them copied in |
| --- | --- | ---: | ---: |
{range_rows}

Not covered: most of Arrows and Mathematical Operators beyond the common ones (← → ↑ ↓ ⇒,
× ÷ ± ≈ ≠ ≤ ≥ √ ∞ are there), Hanzi outside GB2312 and the list above (so most traditional
characters, such as 們 說, are missing), emoji. `studio.fonts.covers(face, text)` tells
whether a face has every character of a text.

Layout features kept: {", ".join(LAYOUT_FEATURES)} (others, `locl` included, are dropped:
the text is Simplified Chinese). CFF outlines without hints (no visible difference at
overlay sizes on a 1080x1920 picture, about 15% smaller). The .notdef glyph keeps its box, so a
character outside the subset shows as a box.

## Making them again

On Debian or Ubuntu, with the project's virtual environment (fontTools {FONTTOOLS_VERSION}
comes with the `[test]` extra):

    apt-get install {CJK_PACKAGE} {DONOR_PACKAGE}
    .venv/bin/python assets/fonts/make_fonts.py

It finds the SC face in each collection, subsets it, copies in the missing characters, checks
the result (every required character has a glyph, Pillow draws 中 ✔ ₹ ą unlike the box of a
missing character, at most {MAX_BYTES:,} bytes a face) and writes the two fonts, `OFL.txt`
and this README. The same package versions and fontTools version give byte-identical files
(these were made with fontTools {fontTools.version}).
"""
    (out / "README.md").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write (default here)")
    args = parser.parse_args()
    import fontTools

    if fontTools.version != FONTTOOLS_VERSION:
        warning = f"fontTools {fontTools.version}, not {FONTTOOLS_VERSION}: the files may differ"
        print(f"make_fonts: {warning} from the committed ones", file=sys.stderr)
    versions = {p: debian_version(p) for p in (CJK_PACKAGE, DONOR_PACKAGE)}
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    wanted, required = wanted_characters()
    extras = [c for c in dict.fromkeys(EXTRA_HANZI) if not in_gb2312(c)]
    already = [c for c in dict.fromkeys(EXTRA_HANZI) if in_gb2312(c)]
    if already:
        print(f"make_fonts: already in GB2312: {''.join(already)}")
    made: list[Made] = []
    cmaps = []
    donor_paths: list[Path] = []
    for style, (collection, out_name, donor_names) in SOURCES.items():
        source = CJK_DIR / collection
        donors = [DONOR_DIR / name for name in donor_names]
        for path in (source, *donors):
            if not path.is_file():
                sys.exit(f"make_fonts: {path} is missing (apt-get install the packages)")
        made.append(make_face(style, source, donors, wanted, out / out_name))
        cmaps.append(check_face(made[-1], required))
        donor_paths += [d for d in donors if d not in donor_paths]
    if any(cmap != cmaps[0] for cmap in cmaps):
        sys.exit("make_fonts: the faces hold different characters")
    write_ofl(out, made, versions, donor_paths)
    donors = {style: names for style, (_, _, names) in SOURCES.items()}
    write_readme(out, made, versions, donors, cmaps[0], extras, required)
    for m in made:
        size = m.path.stat().st_size
        counts = f"{size:,} bytes, {m.glyphs} glyphs, {m.characters} characters"
        print(f"{m.path.name}: {counts}, sha256 {m.sha256}")
    print(", ".join(f"{p} {v}" for p, v in versions.items()), f"fontTools {fontTools.version}")


if __name__ == "__main__":
    main()
