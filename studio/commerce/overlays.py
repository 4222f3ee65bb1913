"""On-screen selling layers: the product card, the B2B spec sheet, a lower third.

Each is drawn with Pillow (FreeType: Chinese included) straight into a BGRA picture (uint8,
straight alpha, as the compositor blends) at the size it is shown at. Every font size, margin and
radius is a design value at a reference width times `width / reference`, so a layer on a
1080x1920 canvas is drawn at 1080 sizes, never an upscaled small render. Heights follow the
content. Panels are dark, nearly opaque, with a faint rim: every word keeps a contrast of at
least 4.5:1 whatever the camera shows behind it (legibility.py measures it).

Layout first, paint second: a `_Painter` records drawing steps while the layout walks down the
panel, and paints them once the height is known.

The flash-sale countdown lives in flash_sale.py and uses the drawing helpers here;
overlay_kinds.py draws any kind by its name.
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from studio.commerce.product import Product, format_money
from studio.typesetting import Type, ellipsize, part_length, typeface, wrap

Rgba = tuple[int, int, int, int]

CARD_DESIGN_WIDTH = 420  # the card as designed for a 720-wide portrait canvas; ~630 at 1080
SPEC_DESIGN_WIDTH = 460
LOWER_THIRD_DESIGN_WIDTH = 640
MIN_WIDTH = 80
MAX_WIDTH = 4096
STOCK_FULL = 100  # the stock bar is full from this many left: a product has no "total" stock
LOW_STOCK = 10  # at or below: the bar turns to the alarm colour
MAX_SELLING_POINTS = 3

# Colours (RGBA). The accent is the shop's pink-red: ACCENT fills what white words sit on (the
# badge, the countdown's band), ACCENT_TEXT is the lighter one words are written in (prices).
# Every word keeps WCAG's 4.5:1 over any picture behind the panel (legibility.py measures it):
# hence a panel 92 % opaque, MUTED and GREY no darker than they are.
PANEL: Rgba = (16, 16, 22, 236)
RIM: Rgba = (255, 255, 255, 34)
TEXT: Rgba = (255, 255, 255, 255)
BODY: Rgba = (232, 232, 240, 255)
MUTED: Rgba = (165, 165, 178, 255)
FAINT: Rgba = (255, 255, 255, 22)
ACCENT: Rgba = (220, 30, 70, 255)
ACCENT_TEXT: Rgba = (255, 92, 122, 255)
AMBER: Rgba = (255, 176, 32, 255)
GREY: Rgba = (140, 140, 152, 255)
TRACK: Rgba = (255, 255, 255, 40)
QR_DARK = (17, 17, 17)
TILE_LIGHT = (244, 244, 246)

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "explaining": "讲解中",
        "scan": "扫码购买",
        "stock": "库存 {n}",
        "sold_out": "已售罄",
        "specs": "规格参数",
        "no_specs": "暂无规格信息",
        "flash": "限时秒杀",
        "left": "仅剩 {n} 件",
        "ended": "已结束",
        "gone": "已抢光",
        "sold": "已抢 {n} 件",
    },
    "en": {
        "explaining": "LIVE NOW",
        "scan": "Scan to buy",
        "stock": "{n} left",
        "sold_out": "Sold out",
        "specs": "Specifications",
        "no_specs": "No specifications",
        "flash": "Flash sale",
        "left": "{n} left",
        "ended": "Ended",
        "gone": "Sold out",
        "sold": "{n} sold",
    },
}

# Spec sheet rows: (field, Chinese label, English label).
SPEC_ROWS = (
    ("moq", "起订量", "MOQ"),
    ("lead_time", "交期", "Lead time"),
    ("certifications", "认证", "Certifications"),
    ("fob_price", "FOB 价格", "FOB price"),
)


def strings(lang: str) -> dict[str, str]:
    try:
        return STRINGS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r} (zh or en)") from None


def check_width(width: int) -> int:
    if not isinstance(width, int) or isinstance(width, bool):
        raise ValueError(f"width must be a whole number of pixels, not {width!r}")
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ValueError(f"width {width} is out of range ({MIN_WIDTH}..{MAX_WIDTH} pixels)")
    return width


def split_money(text: str) -> tuple[str, str]:
    """'¥1,299' -> ('¥', '1,299'): the symbol is drawn smaller than the amount."""
    match = re.match(r"^(\D*)(.*)$", text)
    assert match is not None
    return match.group(1), match.group(2)


# --- shapes --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def rounded_mask(width: int, height: int, radius: float, alpha: int = 255) -> Image.Image:
    """An antialiased rounded rectangle as an "L" mask (coverage computed per pixel)."""
    r = max(0.0, min(radius, width / 2, height / 2))
    mask = np.full((height, width), 1.0, np.float32)
    if r > 0:
        n = min(math.ceil(r), width, height)
        ys, xs = np.mgrid[0:n, 0:n].astype(np.float32) + 0.5  # pixel centres
        dist = np.hypot(np.maximum(r - xs, 0), np.maximum(r - ys, 0))
        corner = np.clip(r - dist + 0.5, 0.0, 1.0)
        mask[:n, :n] = np.minimum(mask[:n, :n], corner)
        mask[:n, width - n :] = np.minimum(mask[:n, width - n :], corner[:, ::-1])
        mask[height - n :, :n] = np.minimum(mask[height - n :, :n], corner[::-1, :])
        mask[height - n :, width - n :] = np.minimum(
            mask[height - n :, width - n :], corner[::-1, ::-1]
        )
    return Image.fromarray((mask * alpha + 0.5).astype(np.uint8), "L")


@functools.lru_cache(maxsize=64)
def ring_mask(width: int, height: int, radius: float, thickness: int, alpha: int) -> Image.Image:
    """The rim of a rounded rectangle, `thickness` pixels wide, inside its edge."""
    outer = np.asarray(rounded_mask(width, height, radius), np.float32)
    inner = np.zeros_like(outer)
    t = thickness
    if width > 2 * t and height > 2 * t:
        inner[t:-t, t:-t] = np.asarray(
            rounded_mask(width - 2 * t, height - 2 * t, max(0.0, radius - t)), np.float32
        )
    ring = np.clip(outer - inner, 0, 255) * (alpha / 255.0)
    return Image.fromarray((ring + 0.5).astype(np.uint8), "L")


Op = Callable[[Image.Image, ImageDraw.ImageDraw], None]


@dataclass(frozen=True)
class PaintedText:
    """A word as painted, for the legibility check: its fill and the layer's pixels (RGBA,
    straight alpha) inside its box just before it was drawn."""

    text: str
    fill: Rgba
    backdrop: np.ndarray


# While set (legibility.measure), every painted word is kept here; off, it costs one lookup.
_WORDS: ContextVar[list[PaintedText] | None] = ContextVar("painted_words", default=None)


@contextmanager
def recording_words() -> Iterator[list[PaintedText]]:
    """Keep every word the layers paint inside the block (with what was under it)."""
    words: list[PaintedText] = []
    token = _WORDS.set(words)
    try:
        yield words
    finally:
        _WORDS.reset(token)


class Painter:
    """Drawing steps recorded during layout, painted by `finish` once the height is known."""

    def __init__(self, width: int, design_width: float) -> None:
        self.width = width
        self.scale = width / design_width
        self.ops: list[Op] = []
        self._panel: tuple[float, Rgba, Rgba, int] | None = None

    def u(self, design: float) -> float:
        """Design pixels -> output pixels."""
        return design * self.scale

    def type(self, design_size: float, bold: bool = False) -> Type:
        return typeface(design_size * self.scale, bold)

    def box(self, rect: tuple[float, float, float, float], radius: float, fill: Rgba) -> None:
        """A filled rounded rectangle, composited over what is below (any alpha)."""
        x0, y0, x1, y1 = (round(v) for v in rect)
        if x1 <= x0 or y1 <= y0 or fill[3] == 0:
            return

        def op(image: Image.Image, draw: ImageDraw.ImageDraw) -> None:
            layer = Image.new("RGBA", (x1 - x0, y1 - y0), (*fill[:3], 0))
            layer.putalpha(rounded_mask(x1 - x0, y1 - y0, radius, fill[3]))
            image.alpha_composite(layer, dest=(x0, y0))

        self.ops.append(op)

    def panel(
        self, radius: float, rim: Rgba = RIM, rim_width: float = 1.0, fill: Rgba = PANEL
    ) -> None:
        """The layer's dark rounded backdrop with a rim (`rim_width` design pixels), under
        everything: the picture starts as a copy of it (cached, so a redraw does not blend the
        whole panel again)."""
        self._panel = (radius, fill, rim, max(1, round(self.u(rim_width))))

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        typ: Type,
        fill: Rgba,
        anchor: str = "ls",
    ) -> None:
        if not text:
            return

        def op(image: Image.Image, draw: ImageDraw.ImageDraw) -> None:
            words = _WORDS.get()
            if words is not None:
                box = draw.textbbox(xy, text, font=typ.font, anchor=anchor, stroke_width=typ.stroke)
                x0, y0 = max(0, math.floor(box[0])), max(0, math.floor(box[1]))
                x1, y1 = min(image.width, math.ceil(box[2])), min(image.height, math.ceil(box[3]))
                backdrop = np.array(image.crop((x0, y0, max(x0, x1), max(y0, y1))))
                words.append(PaintedText(text, fill, backdrop))
            parts = typ.parts(text)
            if len(parts) == 1 and parts[0][1] is typ.font:
                draw.text(
                    xy,
                    text,
                    font=typ.font,
                    fill=fill,
                    anchor=anchor,
                    stroke_width=typ.stroke,
                    stroke_fill=fill,
                )
                return
            # in fonts that have its letters, left to right as seen (studio.text_runs)
            widths = [part_length(part) for part in parts]
            total = sum(widths)
            x = xy[0] - {"m": total / 2, "r": total}.get(anchor[0], 0.0)
            for (part, font, direction), width in zip(parts, widths, strict=True):
                draw.text(
                    (x, xy[1]),
                    part,
                    font=font,
                    fill=fill,
                    anchor="l" + anchor[1],
                    stroke_width=typ.stroke,
                    stroke_fill=fill,
                    direction=direction,
                )
                x += width

        self.ops.append(op)

    def picture(self, image: Image.Image, xy: tuple[float, float]) -> None:
        x, y = round(xy[0]), round(xy[1])

        def op(canvas: Image.Image, draw: ImageDraw.ImageDraw) -> None:
            canvas.alpha_composite(image, dest=(x, y))

        self.ops.append(op)

    def bar(
        self,
        rect: tuple[float, float, float, float],
        fraction: float,
        fill: Rgba,
        track: Rgba = TRACK,
    ) -> None:
        """A progress bar: a rounded track, filled from the left."""
        x0, y0, x1, y1 = rect
        radius = (y1 - y0) / 2
        self.box(rect, radius, track)
        fraction = min(1.0, max(0.0, fraction))
        if fraction > 0:
            # Never thinner than its height: a sliver would lose its round ends.
            end = max(x0 + (y1 - y0), x0 + (x1 - x0) * fraction)
            self.box((x0, y0, end, y1), radius, fill)

    def finish(self, height: float) -> np.ndarray:
        """Paint everything: BGRA uint8, straight alpha."""
        size = (self.width, max(1, round(height)))
        if self._panel is None:
            image = Image.new("RGBA", size, (0, 0, 0, 0))
        else:
            image = panel_picture(*size, *self._panel).copy()
        draw = ImageDraw.Draw(image)
        for op in self.ops:
            op(image, draw)
        return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGBA2BGRA)


@functools.lru_cache(maxsize=32)
def panel_picture(
    width: int, height: int, radius: float, fill: Rgba, rim: Rgba, rim_px: int
) -> Image.Image:
    """A rounded panel with a rim `rim_px` wide (RGBA, straight alpha)."""
    image = Image.new("RGBA", (width, height), (*fill[:3], 0))
    image.putalpha(rounded_mask(width, height, radius, fill[3]))
    if rim[3]:
        edge = Image.new("RGBA", (width, height), (*rim[:3], 0))
        edge.putalpha(ring_mask(width, height, radius, rim_px, rim[3]))
        image.alpha_composite(edge)
    return image


# --- pictures ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _qr_matrix(link: str) -> np.ndarray:
    import segno

    code = segno.make(link, error="l", micro=False)  # boost_error raises the level for free
    matrix = np.array([list(row) for row in code.matrix], dtype=bool)
    matrix.flags.writeable = False
    return matrix


QR_QUIET = 2  # modules of white around the code (on its own white tile)


@functools.lru_cache(maxsize=32)
def qr_tile(link: str, side: int) -> Image.Image:
    """The QR code for `link` on a white rounded tile at most `side` pixels square; whole-pixel
    modules (sharp edges, no resampling)."""
    matrix = _qr_matrix(link)
    n = matrix.shape[0] + 2 * QR_QUIET
    module = max(1, side // n)
    full = np.pad(matrix, QR_QUIET)
    pixels = np.repeat(np.repeat(full, module, axis=0), module, axis=1)
    rgb = np.where(pixels[:, :, None], np.array(QR_DARK, np.uint8), np.uint8(255))
    tile = Image.fromarray(np.ascontiguousarray(rgb.astype(np.uint8)), "RGB").convert("RGBA")
    tile.putalpha(rounded_mask(tile.width, tile.height, QR_QUIET * module * 0.8))
    return tile


def _to_bgra(image: np.ndarray) -> np.ndarray | None:
    """Any 8-bit picture as BGRA; None for what cannot be shown."""
    if not isinstance(image, np.ndarray) or image.size == 0:
        return None
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    if image.dtype != np.uint8:
        return None
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGRA)
    if image.ndim != 3:
        return None
    channels = image.shape[2]
    if channels == 1:
        return cv2.cvtColor(image[:, :, 0], cv2.COLOR_GRAY2BGRA)
    if channels == 2:
        grey, alpha = image[:, :, 0], image[:, :, 1]
        return np.dstack([grey, grey, grey, alpha])
    if channels == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2BGRA)
    if channels == 4:
        return image
    return None


def fit_tile(image: np.ndarray, side: int, radius: float) -> Image.Image | None:
    """A square RGBA tile of a product picture: photos fill it (cropped to the centre);
    cut-outs (transparency) are shown whole on a light tile. None when it cannot be shown."""
    from studio.scene.compositor import fit_image

    bgra = _to_bgra(image)
    if bgra is None:
        return None
    if int(bgra[:, :, 3].min()) >= 250:  # a photo
        square = fit_image(np.ascontiguousarray(bgra[:, :, :3]), side, side, "crop")
        rgb = cv2.cvtColor(square, cv2.COLOR_BGR2RGB)
    else:  # a cut-out: whole, with a margin, over a light tile
        inner = max(1, round(side * 0.88))
        boxed = fit_image(bgra, inner, inner, "letterbox").astype(np.float32)
        alpha = boxed[:, :, 3:4] / 255.0
        light = np.array(TILE_LIGHT[::-1], np.float32)
        rgb_inner = boxed[:, :, :3] * alpha + light * (1 - alpha)
        canvas = np.empty((side, side, 3), np.float32)
        canvas[:] = light
        o = (side - inner) // 2
        canvas[o : o + inner, o : o + inner] = rgb_inner
        rgb = cv2.cvtColor((canvas + 0.5).astype(np.uint8), cv2.COLOR_BGR2RGB)
    tile = Image.fromarray(np.ascontiguousarray(rgb), "RGB").convert("RGBA")
    tile.putalpha(rounded_mask(side, side, radius))
    return tile


@functools.lru_cache(maxsize=32)
def _file_tile(path: str, mtime_ns: int, size: int, side: int, radius: float) -> Image.Image | None:
    from studio.capture.base import SourceError
    from studio.capture.image import load_image

    try:
        image = load_image(Path(path))
    except (SourceError, OSError, ValueError, cv2.error):
        return None
    return fit_tile(image, side, radius)


def product_picture(path: str, side: int, radius: float) -> Image.Image | None:
    """The product's picture file as a tile (cached per file version); None when missing or
    unreadable."""
    if not path:
        return None
    try:
        file = Path(path).expanduser()
        info = file.stat()
        if not file.is_file():
            return None
    except (OSError, ValueError):  # missing, or a name the system refuses (NUL...)
        return None
    return _file_tile(str(file), info.st_mtime_ns, info.st_size, side, radius)


@functools.lru_cache(maxsize=32)
def placeholder_tile(name: str, side: int, radius: float) -> Image.Image:
    """No picture: a muted gradient (its hue from the name) with the name's first character."""
    hue = zlib.crc32(name.encode("utf-8")) % 180  # OpenCV hue: 0..179
    ramp = np.linspace(0.0, 1.0, side, dtype=np.float32)
    t = (ramp[None, :] + ramp[:, None]) / 2  # diagonal
    hsv = np.empty((side, side, 3), np.uint8)
    hsv[:, :, 0] = hue
    hsv[:, :, 1] = 110
    hsv[:, :, 2] = (150 - 70 * t).astype(np.uint8)
    rgb = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
    tile = Image.fromarray(rgb, "RGB").convert("RGBA")
    first = name.strip()[:1].upper() or "?"
    typ = typeface(side * 0.46, bold=True)
    draw = ImageDraw.Draw(tile)
    draw.text(
        (side / 2, typ.baseline(0, side)),
        first,
        font=typ.font,
        fill=(255, 255, 255, 235),
        anchor="ms",
        stroke_width=typ.stroke,
        stroke_fill=(255, 255, 255, 235),
    )
    tile.putalpha(rounded_mask(side, side, radius))
    return tile


# --- product card --------------------------------------------------------------------------------


def render_card(
    product: Product,
    *,
    width: int,
    lang: str = "zh",
    explaining: bool = False,
    qr: bool = True,
    image: np.ndarray | None = None,
) -> np.ndarray:
    """The product card: picture, name, price (the list price struck through on sale), up to 3
    selling points, stock, the "explaining now" badge and a QR code to buy. BGRA, `width` wide,
    as tall as the content. `image` (any 8-bit BGR/BGRA/grey array) overrides product.image; a
    missing or unreadable picture gives a placeholder, never an error."""
    check_width(width)
    words = strings(lang)
    p = Painter(width, CARD_DESIGN_WIDTH)
    u = p.u
    pad = u(16)
    radius = u(20)
    sold_out = product.stock is not None and product.stock <= 0

    # Top: picture left, name and price right.
    side = round(u(132))
    tile_radius = u(12)
    tile = fit_tile(image, side, tile_radius) if image is not None else None
    if tile is None:
        tile = product_picture(product.image, side, tile_radius)
    if tile is None:
        tile = placeholder_tile(product.name, side, tile_radius)
    p.picture(tile, (pad, pad))
    if sold_out:  # veil the picture and stamp it
        p.box((pad, pad, pad + side, pad + side), tile_radius, (10, 10, 14, 150))
        stamp = p.type(20, bold=True)
        stamp_w = stamp.length(words["sold_out"]) + u(20)
        cx, cy = pad + side / 2, pad + side / 2
        p.box((cx - stamp_w / 2, cy - u(17), cx + stamp_w / 2, cy + u(17)), u(17), (0, 0, 0, 150))
        p.text((cx, stamp.baseline(cy - u(17), u(34))), words["sold_out"], stamp, TEXT, "ms")
    if explaining:
        badge = p.type(13, bold=True)
        bx, by = pad + u(8), pad + u(8)
        bh = u(24)
        dot = u(6)
        bw = u(10) + dot + u(6) + badge.length(words["explaining"]) + u(10)
        p.box((bx, by, bx + bw, by + bh), bh / 2, ACCENT)
        p.box(
            (bx + u(10), by + (bh - dot) / 2, bx + u(10) + dot, by + (bh + dot) / 2),
            dot / 2,
            TEXT,
        )
        p.text((bx + u(10) + dot + u(6), badge.baseline(by, bh)), words["explaining"], badge, TEXT)

    col_x = pad + side + u(14)
    col_w = width - pad - col_x
    name_type = p.type(20, bold=True)
    name_lh = u(27)
    y = pad - u(2)
    for line in wrap(product.name, name_type, col_w, 2):
        p.text((col_x, name_type.baseline(y, name_lh)), line, name_type, TEXT)
        y += name_lh
    name_bottom = y

    price_h, place_price = _price_block(p, product, col_x, col_w, sold_out)
    # The price sits at the picture's foot; below the name when the name runs too far.
    price_top = max(name_bottom + u(6), pad + side - price_h)
    place_price(price_top)
    y = max(pad + side, price_top + price_h)

    # Bottom: selling points and stock on the left, the QR code on the right.
    points = [s.strip() for s in product.selling_points if s.strip()][:MAX_SELLING_POINTS]
    link = product.link.strip() if qr else ""
    has_stock = product.stock is not None
    if points or has_stock or link:
        y += u(14)
        p.box((pad, y, width - pad, y + max(1, round(u(1)))), 0, FAINT)
        y += u(14)
        left_x, left_w = pad, width - 2 * pad
        qr_side = round(u(108))
        right_h = 0.0
        caption = p.type(13)
        caption_left = link and not (points or has_stock)
        if link:
            tile_qr = qr_tile(link, qr_side)
            qx = width - pad - tile_qr.width
            p.picture(tile_qr, (qx, y))
            right_h = tile_qr.height
            if not caption_left:
                right_h += u(22)
                p.text(
                    (qx + tile_qr.width / 2, caption.baseline(y + tile_qr.height + u(2), u(20))),
                    words["scan"],
                    caption,
                    MUTED,
                    "ms",
                )
            left_w = qx - u(16) - left_x
        ly = y
        if caption_left:
            big = p.type(20, bold=True)
            p.text((left_x, big.baseline(y, right_h)), words["scan"], big, TEXT)
        point_type = p.type(16)
        point_lh = u(27)
        for point in points:
            dot = u(6)
            mid = ly + point_lh / 2
            p.box((left_x, mid - dot / 2, left_x + dot, mid + dot / 2), dot / 2, ACCENT)
            text = ellipsize(point, point_type, left_w - dot - u(10))
            p.text(
                (left_x + dot + u(10), point_type.baseline(ly, point_lh)), text, point_type, BODY
            )
            ly += point_lh
        if has_stock:
            ly += u(6) if points else 0
            ly = _stock_row(p, product.stock or 0, words, left_x, left_w, ly)
        y = max(ly, y + right_h)
    height = y + pad
    if explaining:  # an accent rim as well as the badge
        p.panel(radius, ACCENT, 2.5)
    else:
        p.panel(radius)
    return p.finish(height)


def _price_block(
    p: Painter, product: Product, x: float, max_w: float, sold_out: bool
) -> tuple[float, Callable[[float], None]]:
    """The price row: the price paid big, the list price struck through beside it or, when
    there is no room, below. Its height, and a function that draws it at a given top."""
    if product.shown_price is None:
        return 0.0, lambda top: None
    u = p.u
    sym, amount = split_money(format_money(product.shown_price, product.currency))
    big, small_sym = p.type(36, bold=True), p.type(21, bold=True)
    wide = small_sym.length(sym) + u(2) + big.length(amount)
    if wide > max_w:  # a long amount (¥1,234,567.89 beside the picture): smaller, not cut
        shrink = max(0.5, max_w / wide)
        big, small_sym = p.type(36 * shrink, bold=True), p.type(21 * shrink, bold=True)
    old = p.type(16)
    colour = GREY if sold_out else ACCENT_TEXT
    row_h = u(44)
    amount_x = x + small_sym.length(sym) + u(2)
    end = amount_x + big.length(amount)
    struck = format_money(product.price, product.currency) if product.on_sale else ""
    struck_w = old.length(struck)
    beside = end + u(10) + struck_w <= x + max_w
    height = row_h if beside or not struck else row_h + u(18)

    def place(top: float) -> None:
        base = big.baseline(top, row_h)
        p.text((x, base), sym, small_sym, colour)
        p.text((amount_x, base), amount, big, colour)
        if not struck:
            return
        ox, obase = (end + u(10), base) if beside else (x, top + row_h + u(14))
        p.text((ox, obase), struck, old, MUTED)
        line_y = obase - 0.3 * old.size
        p.box((ox - u(1), line_y - u(0.75), ox + struck_w + u(1), line_y + u(0.75)), 0, MUTED)

    return height, place


def _stock_row(
    p: Painter, stock: int, words: dict[str, str], x: float, w: float, top: float
) -> float:
    """库存 N with a bar (full from STOCK_FULL left), or 已售罄 alone. Returns the bottom."""
    u = p.u
    lh = u(26)
    if stock <= 0:
        typ = p.type(15, bold=True)
        p.text((x, typ.baseline(top, lh)), words["sold_out"], typ, MUTED)
        return top + lh
    typ = p.type(15)
    label = words["stock"].format(n=stock)
    p.text((x, typ.baseline(top, lh)), label, typ, BODY)
    bar_x = x + typ.length(label) + u(12)
    bar_end = x + w
    if bar_end - bar_x >= u(40):
        bh = u(8)
        colour = ACCENT if stock <= LOW_STOCK else AMBER
        rect = (bar_x, top + (lh - bh) / 2, bar_end, top + (lh + bh) / 2)
        p.bar(rect, stock / STOCK_FULL, colour)
    return top + lh


# --- B2B spec sheet ------------------------------------------------------------------------------


def spec_values(product: Product) -> list[tuple[str, str, str]]:
    """(Chinese label, English label, value) for the spec rows the product has."""
    rows = []
    for field, zh, en in SPEC_ROWS:
        if field == "certifications":
            value = ", ".join(c.strip() for c in product.certifications if c.strip())
        elif field == "fob_price":
            value = format_money(product.fob_price, product.fob_currency)
        else:
            value = str(getattr(product, field)).strip()
        if value:
            rows.append((zh, en, value))
    return rows


def render_spec_sheet(product: Product, *, width: int, lang: str = "both") -> np.ndarray:
    """MOQ, lead time, certifications and FOB price for trade buyers, under the product name.
    lang "both": Chinese label | English label | value; "zh" or "en": one label column. Rows
    the product lacks are left out."""
    check_width(width)
    if lang not in ("zh", "en", "both"):
        raise ValueError(f"unknown language {lang!r} (zh, en or both)")
    p = Painter(width, SPEC_DESIGN_WIDTH)
    u = p.u
    pad = u(20)
    inner = width - 2 * pad

    title = p.type(22, bold=True)
    title_lh = u(30)
    # Accent tick beside the heading.
    y = pad
    subtitle = p.type(13)
    sub_text = {
        "zh": STRINGS["zh"]["specs"],
        "en": STRINGS["en"]["specs"].upper(),
        "both": f"{STRINGS['zh']['specs']} · {STRINGS['en']['specs'].upper()}",
    }[lang]
    p.box((pad, y + u(4), pad + u(4), y + u(18)), u(2), ACCENT)
    p.text((pad + u(12), subtitle.baseline(y, u(22))), sub_text, subtitle, MUTED)
    y += u(24)
    for line in wrap(product.name, title, inner, 2):
        p.text((pad, title.baseline(y, title_lh)), line, title, TEXT)
        y += title_lh
    y += u(10)

    rows = spec_values(product)
    label_zh = p.type(16)
    label_en = p.type(14)
    value_type = p.type(17, bold=True)
    line_h = u(25)
    cell_pad = u(12)
    gap = u(14)
    if not rows:
        note = STRINGS["en" if lang == "en" else "zh"]["no_specs"]
        if lang == "both":
            note = f"{note} · {STRINGS['en']['no_specs']}"
        p.text(
            (pad, label_zh.baseline(y, u(34))), ellipsize(note, label_zh, inner), label_zh, MUTED
        )
        y += u(34)
    else:
        zh_w = max(label_zh.length(zh) for zh, _, _ in rows) if lang != "en" else 0
        en_w = max(label_en.length(en) for _, en, _ in rows) if lang != "zh" else 0
        x = pad + cell_pad
        zh_x = x
        en_x = x + (zh_w + gap if zh_w else 0)
        value_x = en_x + (en_w + gap if en_w else 0)
        value_w = max(u(60), width - pad - cell_pad - value_x)
        for index, (zh, en, value) in enumerate(rows):
            lines = wrap(value, value_type, value_w, 3)
            row_h = len(lines) * line_h + 2 * u(8)
            if index % 2 == 0:
                p.box((pad, y, width - pad, y + row_h), u(8), FAINT)
            first = y + u(8)
            if lang != "en":
                p.text((zh_x, label_zh.baseline(first, line_h)), zh, label_zh, MUTED)
            if lang != "zh":
                en_base = label_zh.baseline(first, line_h)  # share the row's baseline
                p.text((en_x, en_base), en, label_en, MUTED)
            for line in lines:
                p.text((value_x, value_type.baseline(first, line_h)), line, value_type, TEXT)
                first += line_h
            y += row_h
    height = y + pad
    p.panel(u(18))
    return p.finish(height)


# --- lower third ---------------------------------------------------------------------------------


def render_lower_third(
    title: str, subtitle: str = "", *, width: int, accent: str = "#ff3b5c"
) -> np.ndarray:
    """A bar with a title (bold, one line) and an optional subtitle, an accent stripe at left."""
    from studio.capture.settings import parse_colour

    check_width(width)
    try:
        colour = parse_colour(accent)
    except ValueError:
        raise ValueError(f"accent colour {accent!r} is not #rrggbb or #rrggbbaa") from None
    p = Painter(width, LOWER_THIRD_DESIGN_WIDTH)
    u = p.u
    pad = u(18)
    stripe = u(7)
    x = pad + stripe + u(14)
    inner = width - x - pad
    title_type = p.type(30, bold=True)
    sub_type = p.type(20)
    y = pad
    title_lh = u(40)
    p.text(
        (x, title_type.baseline(y, title_lh)), ellipsize(title, title_type, inner), title_type, TEXT
    )
    y += title_lh
    if subtitle.strip():
        sub_lh = u(30)
        p.text(
            (x, sub_type.baseline(y, sub_lh)), ellipsize(subtitle, sub_type, inner), sub_type, BODY
        )
        y += sub_lh
    height = y + pad
    p.box((pad, pad, pad + stripe, height - pad), stripe / 2, colour)
    p.panel(u(14))
    return p.finish(height)
