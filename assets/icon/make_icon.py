"""Draws the app icon (a shopping bag with a play mark on a red tile) for every platform.

Run from anywhere: python assets/icon/make_icon.py. Writes beside itself:
shopcast-studio.png (512 px: Linux, the window), .ico (Windows: 16-256 px) and .icns (macOS).
"""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 1024  # drawn large, scaled down smoothly
TOP, BOTTOM = (255, 72, 66), (214, 24, 60)  # the tile's gradient
WHITE = (255, 255, 255, 255)


def tile() -> Image.Image:
    gradient = Image.new("RGBA", (1, SIZE))
    for y in range(SIZE):
        t = y / (SIZE - 1)
        rgb = (round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        gradient.putpixel((0, y), (*rgb, 255))
    gradient = gradient.resize((SIZE, SIZE))
    mask = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(mask).rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), radius=210, fill=255)
    out = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    out.paste(gradient, (0, 0), mask)
    return out


def draw_icon() -> Image.Image:
    icon = tile()
    draw = ImageDraw.Draw(icon)
    # The bag's handle, then its body, then a play mark cut out of the body in the tile's red.
    draw.arc((350, 190, 674, 520), start=180, end=360, fill=WHITE, width=62)
    draw.rounded_rectangle((250, 350, 774, 850), radius=70, fill=WHITE)
    draw.polygon([(445, 480), (445, 730), (650, 605)], fill=(*BOTTOM, 255))
    return icon


def main() -> None:
    icon = draw_icon()
    icon.resize((512, 512), Image.LANCZOS).save(HERE / "shopcast-studio.png", optimize=True)
    sizes = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    icon.save(HERE / "shopcast-studio.ico", sizes=sizes)
    icon.save(HERE / "shopcast-studio.icns")


if __name__ == "__main__":
    main()
