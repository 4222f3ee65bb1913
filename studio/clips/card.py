"""`--card`: the product card burned into each product's clip.

The studio records the program, every layer composed: where the merchant had a product layer
on screen, the card is already in the recording, and drawing it again would double it. So for
each product clip the card is drawn as the engine draws it (the real product layer, the real
compositor) at the product layer's place in the profile, scaled to the recording, and compared
with the recording's own picture there, in the middle of the clip: when the recording already
shows it, the clip is left as recorded (and copied, not re-encoded); when not (no product layer,
a hidden one, another product's card), the card is drawn on every frame.

The card is drawn from the catalog as it is now: a price changed after the show shows the new
price (the recording itself keeps what was on screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from studio import picture_language
from studio.capture.base import Source, VideoFrame
from studio.clips.errors import ClipsError
from studio.clips.media import Overlay
from studio.clips.plan import PlannedClip
from studio.clips.recording import Recording
from studio.clock import MediaClock
from studio.commerce.overlay_kinds import product_kind
from studio.commerce.product import Product
from studio.commerce.shop import Shop
from studio.commerce.source import ProductSource
from studio.profile import LayerSettings, Profile, ProfileError, profile_from_dict
from studio.scene.compositor import Compositor, Layer
from studio.scene.placement import place_new

# Mean difference (0-255) between the drawn card and the recording where the card is opaque:
# the same card through the live encoder differs by a few units, a camera picture by tens.
SHOWN_BELOW = 18.0
OPAQUE = 250  # alpha from which a pixel of the card counts as the card's own


class CardError(ClipsError):
    """The profile given for --card cannot be used."""


@dataclass
class CardOverlays:
    """What --card does to each clip: `overlay_for(clip)` the drawing, or None (no card for
    it, or the recording shows it already); `notices` say which and why."""

    profile: Profile
    recording: Recording
    shop: Shop
    notices: list[str] = field(default_factory=list)

    def overlay_for(self, clip: PlannedClip) -> Overlay | None:
        if clip.kind != "product":
            return None
        product = self.shop.find(clip.product)
        if product is None:
            self.notices.append(f"{clip.title}: not in the catalog now, so no card drawn")
            return None
        card = self._card(product)
        if card is None:
            self.notices.append(f"{clip.title}: its layer shows nothing without a flash sale")
            return None
        if already_shown(self.recording, clip, card):
            self.notices.append(f"{clip.title}: the card is already in the recording: kept")
            return None
        return card.draw

    def _card(self, product: Product) -> DrawnCard | None:
        layer = product_layer(self.profile, self.shop, product.id)
        canvas = (self.profile.canvas.width, self.profile.canvas.height)
        options = dict(layer.options) if layer is not None else {}
        spec = f"product:{product.id}"  # this product, whichever way its layer named it
        show = str(options.get("show", "card"))
        if product_kind(show).needs_sale:  # a countdown: the card of the product instead
            options["show"] = "card"
        source = ProductSource(spec, MediaClock(), canvas, options=options, shop=self.shop)
        self.shop.explain(product.id)  # drawn as while explained: the layer follows it
        frame = source.latest_video()
        if frame is None:
            return None
        fit = layer.fit if layer is not None else "letterbox"
        return DrawnCard(frame, self._rect(layer, frame, canvas), fit, self.recording)

    def _rect(
        self, layer: LayerSettings | None, frame: VideoFrame, canvas: tuple[int, int]
    ) -> tuple[int, int, int, int]:
        """The layer's rect on the recording: the profile's, scaled from its canvas; with no
        product layer in the profile, the card's own slot on the recording's picture."""
        rw, rh = self.recording.width, self.recording.height
        h, w = frame.image.shape[:2]
        if layer is None:
            x, y, width, height = place_new("card", (w, h), rw, rh, [], [])
            return x, y, width, height
        sx, sy = rw / canvas[0], rh / canvas[1]
        width = layer.width or w
        height = layer.height or round(width * h / w)
        return (
            round(layer.x * sx),
            round(layer.y * sy),
            max(1, round(width * sx)),
            max(1, round(height * sy)),
        )


def product_layer(profile: Profile, shop: Shop, product_id: str) -> LayerSettings | None:
    """The layer that showed `product_id`'s card: one named for it (by id or name, as the
    layer finds its product), else one following the product explained; the current scene's
    first, then the others'."""
    scenes = sorted(profile.scenes, key=lambda s: s.name != profile.current_scene)
    layers = [x for s in scenes for x in s.layers if x.source.split(":")[0] == "product"]

    def names(layer: LayerSettings) -> bool:
        key = layer.source.partition(":")[2].strip()
        found = shop.find(key) if key else None
        return found is not None and found.id == product_id

    own = [x for x in layers if names(x)]
    following = [x for x in layers if not x.source.partition(":")[2].strip()]
    found = own or following
    return found[0] if found else None


class _Held(Source):
    """A picture handed to the compositor as a layer: the clip's frame (set at each picture)
    or the drawn card."""

    has_video = True
    has_audio = False

    def __init__(self, kind: str, frame: VideoFrame | None = None) -> None:
        super().__init__(kind, MediaClock())
        self.kind = kind
        self.frame = frame

    def latest_video(self) -> VideoFrame | None:
        return self.frame


class DrawnCard:
    """One product's card at its place, composed over the clip's frames by the engine's own
    compositor."""

    def __init__(
        self,
        frame: VideoFrame,
        rect: tuple[int, int, int, int],
        fit: str,
        recording: Recording,
    ) -> None:
        self.rect = rect
        x, y, w, h = rect
        self.compositor = Compositor(recording.width, recording.height)
        self.still = _Held("clip")
        self.layers = [
            Layer("clip", self.still, 0, 0, recording.width, recording.height, z=0),
            Layer("card", _Held("card", frame), x, y, w, h, z=1, fit=fit),
        ]
        self._seq = 0

    def draw(self, image: np.ndarray, _t: float) -> np.ndarray:
        self._seq += 1
        self.still.frame = VideoFrame(image, 0.0, self._seq)
        return self.compositor.compose(self.layers)

    def alone(self) -> tuple[np.ndarray, np.ndarray]:
        """The card as drawn on the picture (BGR) and where it is opaque (a mask), both at
        the recording's size."""
        black = np.zeros((self.compositor.height, self.compositor.width, 3), np.uint8)
        white = np.full_like(black, 255)
        on_black, on_white = self.draw(black, 0.0).copy(), self.draw(white, 0.0)
        opaque = np.abs(on_white.astype(np.int16) - on_black).max(axis=2) <= 255 - OPAQUE
        return on_black, opaque


def already_shown(recording: Recording, clip: PlannedClip, card: DrawnCard) -> bool:
    """Whether the recording's picture in the middle of the clip shows this card at its place."""
    picture = recording.picture_at((clip.start_s + clip.end_s) / 2)
    if picture is None:
        return False
    drawn, opaque = card.alone()
    if opaque.sum() < 64:
        return False
    difference = np.abs(picture.astype(np.int16) - drawn.astype(np.int16)).mean(axis=2)
    return float(difference[opaque].mean()) < SHOWN_BELOW


def card_overlays(profile: dict[str, Any] | Profile, recording: Recording) -> CardOverlays:
    """--card for `recording` with the products and layers of `profile`; CardError when it
    cannot be read."""
    if not isinstance(profile, Profile):
        try:
            profile = profile_from_dict(profile)
        except ProfileError as exc:
            raise CardError(f"the profile for --card cannot be read: {exc}") from None
    try:
        shop = Shop([Product.from_dict(d) for d in profile.catalog])
    except (ValueError, TypeError) as exc:
        raise CardError(f"the profile's catalog cannot be read: {exc}") from None
    if not shop.products:
        raise CardError("the profile has no products: there is no card to draw")
    picture_language.set_current(picture_language.for_profile(profile.ui.language))
    return CardOverlays(profile, recording, shop)
