"""The platforms' UI zones: every preset's data, the union for several destinations, which zones
a layer touches, and the largest safe area (checked against a plain exhaustive search)."""

from __future__ import annotations

import ast
import itertools
import random
import time
from pathlib import Path

import pytest

from studio.broadcast.platforms.registry import PLATFORMS
from studio.broadcast.platforms.screens import platform_zones, zones_for
from studio.scene import zones as zones_module
from studio.scene.rects import Rect, area, inside, overlaps
from studio.scene.zones import LABELS, Zone, safe_area, zone, zone_hits

PORTRAIT_CANVASES = [(1080, 1920), (720, 1280), (607, 1079)]
LANDSCAPE_CANVASES = [(1920, 1080), (1280, 720), (1279, 719)]
# The apps that draw their live room over a portrait stream (DESIGN.md, "The platforms' own
# screen"): each has the top bar, the comment scroll and the bottom bar.
PORTRAIT_APPS = ("douyin", "kuaishou", "taobao", "tiktok")


def largest_clear_rect(zone_rects: list[Rect], width: int, height: int) -> int:
    """The area of the largest rect clear of every zone, by trying every pair of edges."""
    xs = sorted({0, width, *(v for r in zone_rects for v in (r[0], r[0] + r[2]))})
    ys = sorted({0, height, *(v for r in zone_rects for v in (r[1], r[1] + r[3]))})
    xs = [x for x in xs if 0 <= x <= width]
    ys = [y for y in ys if 0 <= y <= height]
    best = 0
    for x0, x1 in itertools.combinations(xs, 2):
        for y0, y1 in itertools.combinations(ys, 2):
            r = (x0, y0, x1 - x0, y1 - y0)
            if area(r) > best and not any(overlaps(r, z) for z in zone_rects):
                best = area(r)
    return best


def random_rects(rng: random.Random, width: int, height: int, most: int) -> list[Rect]:
    """One to `most` rects, each wholly on the canvas."""
    rects = []
    for _ in range(rng.randint(1, most)):
        x, y = rng.randint(0, width - 1), rng.randint(0, height - 1)
        rects.append((x, y, rng.randint(1, width - x), rng.randint(1, height - y)))
    return rects


def largest_clear_rect_by_pixels(zone_rects: list[Rect], width: int, height: int) -> int:
    """The same, trying every rect of whole pixels (tiny canvases only)."""
    best = 0
    for x0 in range(width):
        for x1 in range(x0 + 1, width + 1):
            for y0 in range(height):
                for y1 in range(y0 + 1, height + 1):
                    r = (x0, y0, x1 - x0, y1 - y0)
                    if area(r) > best and not any(overlaps(r, z) for z in zone_rects):
                        best = area(r)
    return best


@pytest.mark.parametrize("platform_id", list(PLATFORMS))
def test_every_preset_has_zones_inside_the_canvas_in_both_orientations(platform_id: str) -> None:
    preset = PLATFORMS[platform_id]
    for portrait, canvases in ((True, PORTRAIT_CANVASES), (False, LANDSCAPE_CANVASES)):
        found = platform_zones(platform_id, portrait)
        assert found == (preset.ui_zones_portrait if portrait else preset.ui_zones_landscape)
        for z in found:
            assert isinstance(z, Zone)
            assert z.label == LABELS[z.name]
            assert all(0.0 <= f <= 1.0 for f in z.fraction), (platform_id, z)
            assert z.fraction[0] + z.fraction[2] <= 1.0 + 1e-9
            assert z.fraction[1] + z.fraction[3] <= 1.0 + 1e-9
            for width, height in canvases:
                r = z.rect(width, height)
                assert inside(r, width, height), (platform_id, z, width, height, r)
                assert r[2] > 0 and r[3] > 0
        for width, height in canvases:
            # A platform's own zones leave room for overlays: at least a quarter of the canvas.
            clear = safe_area(zones_for([platform_id], width, height), width, height)
            assert area(clear) >= width * height / 4, (platform_id, width, height, clear)


def test_portrait_platforms_have_their_live_room_zones_and_custom_has_none() -> None:
    for platform_id in PLATFORMS:
        names = {z.name for z in platform_zones(platform_id, portrait=True)}
        if platform_id == "custom":
            assert names == set()
            assert platform_zones(platform_id, portrait=False) == ()
        else:
            assert "top_bar" in names and "bottom_bar" in names, platform_id
        if platform_id in PORTRAIT_APPS:
            assert {"top_bar", "comments", "bottom_bar"} <= names, platform_id
    # The desktop landscape players keep chat beside the video, not over it.
    for platform_id in ("youtube", "twitch", "facebook"):
        assert platform_zones(platform_id, portrait=False) == ()


def test_unknown_platforms_have_no_zones() -> None:
    assert platform_zones("myspace", portrait=True) == ()
    assert zones_for(["myspace", ""], 1080, 1920) == []
    assert zones_for(["myspace", "douyin"], 1080, 1920) == zones_for(["douyin"], 1080, 1920)


def test_orientation_comes_from_the_canvas() -> None:
    portrait = zones_for(["douyin"], 1080, 1920)
    landscape = zones_for(["douyin"], 1920, 1080)
    assert [z for z, _ in portrait] == list(PLATFORMS["douyin"].ui_zones_portrait)
    assert [z for z, _ in landscape] == list(PLATFORMS["douyin"].ui_zones_landscape)
    assert all(r == z.rect(1920, 1080) for z, r in landscape)


def test_the_union_of_two_platforms_covers_both_once() -> None:
    width, height = 1080, 1920
    douyin = zones_for(["douyin"], width, height)
    facebook = zones_for(["facebook"], width, height)
    union = zones_for(["douyin", "facebook", "douyin"], width, height)
    assert douyin and facebook
    assert set(douyin) | set(facebook) == set(union)
    assert len(union) == len(set(union))
    # Every pixel either platform covers is covered by the union.
    for _, r in douyin + facebook:
        assert any(u == r for _, u in union)
    # The union's safe area is clear of both platforms' zones.
    clear = safe_area(union, width, height)
    assert area(clear) > 0
    assert not any(overlaps(clear, r) for _, r in douyin + facebook)


def test_zone_hits_names_the_zones_a_layer_overlaps() -> None:
    width, height = 1080, 1920
    zones = zones_for(["douyin"], width, height)
    by_name = {z.name: r for z, r in zones}
    top = by_name["top_bar"]
    comments = by_name["comments"]
    bottom = by_name["bottom_bar"]

    assert [z.name for z in zone_hits((20, 20, 200, 80), zones)] == ["top_bar"]
    # A card over the comment scroll and the bottom bar hits both, each once.
    card = (40, comments[1] + comments[3] - 50, 300, 150)
    assert [z.name for z in zone_hits(card, zones)] == ["comments", "bottom_bar"]
    # Touching a zone's edge is not being under it.
    below_top = (0, top[1] + top[3], 200, 100)
    assert zone_hits(below_top, zones) == []
    above_bottom = (comments[2], bottom[1] - 100, 100, 100)
    assert zone_hits(above_bottom, zones) == []
    # The safe area hits nothing; the whole canvas hits everything.
    assert zone_hits(safe_area(zones, width, height), zones) == []
    assert zone_hits((0, 0, width, height), zones) == [z for z, _ in zones]


def test_safe_area_is_the_whole_canvas_without_zones() -> None:
    assert safe_area([], 1080, 1920) == (0, 0, 1080, 1920)
    assert safe_area(zones_for(["custom"], 1080, 1920), 1080, 1920) == (0, 0, 1080, 1920)
    assert safe_area(zones_for(["youtube"], 1920, 1080), 1920, 1080) == (0, 0, 1920, 1080)


@pytest.mark.parametrize(
    "platform_ids",
    [[p] for p in PLATFORMS] + [["douyin", "facebook"], ["tiktok", "youtube"], list(PLATFORMS)],
    ids=lambda ids: "+".join(ids),
)
def test_safe_area_is_the_largest_rect_clear_of_every_zone(platform_ids: list[str]) -> None:
    for width, height in PORTRAIT_CANVASES[:2] + LANDSCAPE_CANVASES[:2]:
        zones = zones_for(platform_ids, width, height)
        clear = safe_area(zones, width, height)
        assert inside(clear, width, height)
        assert not any(overlaps(clear, r) for _, r in zones)
        assert area(clear) == largest_clear_rect([r for _, r in zones], width, height)


def test_safe_area_matches_an_exhaustive_search_on_random_zones() -> None:
    rng = random.Random(16)
    for _ in range(400):
        width, height = rng.randint(40, 400), rng.randint(40, 400)
        zone_rects = random_rects(rng, width, height, 6)
        zones = [(zone("gifts", 0, 0, 0, 0), r) for r in zone_rects]
        clear = safe_area(zones, width, height)
        assert inside(clear, width, height)
        assert not any(overlaps(clear, r) for r in zone_rects)
        assert area(clear) == largest_clear_rect(zone_rects, width, height)


def test_safe_area_matches_a_pixel_by_pixel_search_on_a_tiny_canvas() -> None:
    rng = random.Random(1)
    for _ in range(25):
        width, height = rng.randint(3, 9), rng.randint(3, 9)
        zone_rects = random_rects(rng, width, height, 4)
        zones = [(zone("gifts", 0, 0, 0, 0), r) for r in zone_rects]
        clear = safe_area(zones, width, height)
        assert area(clear) == largest_clear_rect_by_pixels(zone_rects, width, height)


def test_safe_area_of_zones_reaching_past_the_canvas_or_covering_it() -> None:
    gifts = zone("gifts", 0, 0, 0, 0)
    # A zone hanging off the top edge still blocks what it covers on the canvas.
    assert safe_area([(gifts, (-50, -50, 300, 150))], 200, 400) == (0, 100, 200, 300)
    # Nothing is clear of a zone over the whole canvas.
    assert area(safe_area([(gifts, (0, 0, 200, 400))], 200, 400)) == 0


def test_safe_area_of_every_platform_at_once_is_quick() -> None:
    zones = zones_for(PLATFORMS, 1080, 1920)
    safe_area(zones, 1080, 1920)  # warm up
    start = time.perf_counter()
    for _ in range(10):
        safe_area(zones, 1080, 1920)
    # About 1.5 ms each on the 2-core test machine; the window asks on every drag step.
    assert (time.perf_counter() - start) / 10 < 0.05


def test_zone_data_out_of_the_canvas_or_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="not inside the canvas"):
        zone("top_bar", 0.0, 0.0, 1.0, 1.2)
    with pytest.raises(ValueError, match="not inside the canvas"):
        zone("comments", 0.5, 0.5, 0.6, 0.1)
    with pytest.raises(ValueError, match="not inside the canvas"):
        zone("comments", -0.1, 0.5, 0.5, 0.1)
    with pytest.raises(ValueError, match="unknown zone 'ticker'"):
        zone("ticker", 0.0, 0.0, 0.1, 0.1)


def test_every_zone_label_is_marked_for_translation_in_its_context() -> None:
    """installer/translations.sh reads QT_TRANSLATE_NOOP("PlatformZones", "...") literals."""
    tree = ast.parse(Path(zones_module.__file__).read_text(encoding="utf-8"))
    marked: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and isinstance(value, ast.Call)
                    and getattr(value.func, "id", "") == "QT_TRANSLATE_NOOP"
                ):
                    context, text = (a.value for a in value.args)  # type: ignore[attr-defined]
                    assert context == "PlatformZones"
                    marked[key.value] = text
    assert marked == LABELS
