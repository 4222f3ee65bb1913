"""`studio bench --products N`: what N product layers (cards, a spec sheet, a countdown) cost;
`studio bench --import FILE`: what importing a catalog costs (`measure_import`).

Two figures: the compositing cost per frame of the layers over a camera picture (what every
frame pays), and the redraw cost of a layer when its product changes (paid once per change, and
once a second by a running countdown).
"""

from __future__ import annotations

import time
from decimal import Decimal

import cv2
import numpy as np

from studio.capture.base import Source, VideoFrame
from studio.clock import MediaClock
from studio.commerce.product import Product
from studio.commerce.shop import Shop
from studio.commerce.source import ProductSource
from studio.scene.compositor import Compositor, Layer

FRAMES = 300
_SHOWS = ("card", "card", "spec", "countdown", "card")


class _Camera(Source):
    def __init__(self, image: np.ndarray) -> None:
        super().__init__("camera", MediaClock())
        self._frame = VideoFrame(image, 0.0, 1)

    def latest_video(self) -> VideoFrame:
        return self._frame


def demo_products(count: int) -> list[Product]:
    return [
        Product(
            id=str(i + 1),
            name=f"{'冬季加厚保暖羽绒服' if i % 2 else '有机龙井绿茶礼盒'} {i + 1}号",
            price=Decimal("399") + i,
            sale_price=Decimal("299") + i,
            stock=120 - 7 * i,
            link=f"https://shop.example.com/item/{1000 + i}",
            selling_points=("90% 白鸭绒", "防风防水", "七天无理由退换"),
            moq="500 件 / pcs",
            lead_time="15-20 天 / days",
            certifications=("CE", "ISO 9001"),
            fob_price=Decimal("18.50"),
        )
        for i in range(count)
    ]


def _time_compose(compositor: Compositor, layers: list[Layer]) -> float:
    compositor.compose(layers)  # scale and premultiply once, as for any unchanged layer
    start = time.thread_time()
    for _ in range(FRAMES):
        compositor.compose(layers)
    return (time.thread_time() - start) / FRAMES * 1000


def measure_products(width: int, height: int, count: int) -> dict:
    """Compositing and redraw costs of `count` product layers on a width x height canvas."""
    cv2.setNumThreads(1)  # as in the engine
    rng = np.random.default_rng(1)
    camera = Layer("camera", _Camera(rng.integers(0, 256, (height, width, 3), np.uint8)))
    clock = MediaClock()
    products = demo_products(count)
    shop = Shop(products)
    shop.explain(products[0].id)
    sources = []
    for i, product in enumerate(products):
        show = _SHOWS[i % len(_SHOWS)]
        if show == "countdown":
            shop.start_sale(product.id, duration_s=120, quantity=50, now=clock.now())
        options = {"show": show}
        spec = f"product:{product.id}"
        sources.append(ProductSource(spec, clock, (width, height), 30, options, shop))
    layers = [camera]
    for i, source in enumerate(sources):
        frame = source.latest_video()
        assert frame is not None
        h, w = frame.image.shape[:2]
        x = (i * width // 7) % max(1, width - w)
        y = (i * height // 6) % max(1, height - h)
        layers.append(Layer(f"product {i + 1}", source, x=x, y=y, width=w, height=h, z=i + 1))
    compositor = Compositor(width, height)
    # The canvas is made and the camera copied in as soon as any layer covers it: a one-pixel
    # layer measures that, so the difference is the product layers' own cost.
    dot = Layer("dot", _Camera(np.zeros((1, 1, 3), np.uint8)), width=1, height=1, z=1)
    base_ms = _time_compose(compositor, [camera, dot])
    with_ms = _time_compose(compositor, layers)
    # A redraw: the price changes, the card is drawn again on the next frame.
    redraws = []
    for i in range(10):
        shop.update(products[0].id, sale_price=Decimal("199") + i)
        start = time.perf_counter()
        sources[0].latest_video()
        redraws.append((time.perf_counter() - start) * 1000)
    return {
        "layers": count,
        "shows": [s.show for s in sources],
        "sizes": [f"{layer.width}x{layer.height}" for layer in layers[1:]],
        "compose_ms": round(with_ms, 3),
        "compose_camera_only_ms": round(base_ms, 3),
        "products_ms_per_frame": round(max(0.0, with_ms - base_ms), 3),
        "redraw_ms_median": round(sorted(redraws)[len(redraws) // 2], 2),
    }


def measure_import(path: str) -> dict:
    """What importing a catalog file costs, as the window imports it: the worker process's time
    and peak memory (sampled every 10 ms), the time to take its answer back, and this process's
    peak. A file that cannot be imported gives its reason instead of the counts."""
    import threading

    import psutil

    from studio.commerce.catalog import CatalogError
    from studio.commerce.import_worker import read_catalog
    from studio.memory import peak_rss_mb

    peak = {"worker": 0}
    stop = threading.Event()

    def watch(pid: int) -> None:
        def sample() -> None:
            try:
                worker = psutil.Process(pid)
                while not stop.is_set():
                    peak["worker"] = max(peak["worker"], worker.memory_info().rss)
                    stop.wait(0.01)
            except psutil.Error:  # it ended
                pass

        threading.Thread(target=sample, daemon=True).start()

    start = time.perf_counter()
    out: dict = {"file": path}
    before_mb = psutil.Process().memory_info().rss / 2**20
    found = None
    try:
        found = read_catalog(path, on_started=watch)
        out.update(products=len(found.products), rejected=len(found.rejected))
    except CatalogError as exc:
        out["error"] = exc.message("en")
    finally:
        stop.set()
    out["seconds"] = round(time.perf_counter() - start, 2)
    out["worker_peak_mb"] = round(peak["worker"] / 2**20)
    if found is not None and found.products:
        out["apply_and_save_s"] = _apply_and_save(found.products)
        out["total_s"] = round(out["seconds"] + out["apply_and_save_s"], 2)
    out["studio_mb_before"] = round(before_mb)
    out["studio_peak_mb"] = round(peak_rss_mb())
    return out


def _apply_and_save(products: list) -> float:
    """What the window does with an import's products: one change to the shop, then the
    profile saved (to a scratch folder)."""
    import tempfile
    from pathlib import Path

    from studio.profile import default_profile, vouch_for_catalog
    from studio.profile_store import save_profile

    start = time.perf_counter()
    shop = Shop()
    shop.put_many(products)
    profile = default_profile()
    profile.catalog = [p.to_dict() for p in shop.products]
    vouch_for_catalog(profile.catalog)
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as tmp:
        save_profile(profile, Path(tmp) / "profile.json")
    return round(time.perf_counter() - start, 2)
