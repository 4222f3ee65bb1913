"""The studio window: preview in the middle, scenes and sources on the left, mixer and the go-live
controls on the right, a banner for problems and the status bar below.

The window drives a StudioSession; it never waits on the network or the disk: stopping outputs
(which finalises the recording and closes connections) runs on a worker thread.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QFrame,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from studio import __version__
from studio.capture.registry import (
    SOURCE_CHOICES,
    choice_for,
    spec_and_options,
    split_spec,
    values_for,
)
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.engine import EngineStats, SourceProblem
from studio.health import HealthMonitor
from studio.profile_open import OpenedProfile
from studio.session import StudioError, StudioSession
from studio.ui import messages, profile_notice
from studio.ui.add_source_dialog import AddSourceDialog
from studio.ui.banner import Banner
from studio.ui.chat_panel import ChatPanel
from studio.ui.effects_panel import EffectsPanel
from studio.ui.graph import StatsGraph
from studio.ui.hotkeys import ACTIONS, all_actions, key_for, scene_action
from studio.ui.i18n import LANGUAGES, Translations
from studio.ui.layers_panel import LayersPanel
from studio.ui.mixer_panel import MixerPanel
from studio.ui.outputs_panel import OutputsPanel
from studio.ui.preview import LayerBox, PreviewWidget
from studio.ui.products_panel import ProductsPanel
from studio.ui.properties_dialog import PropertiesDialog
from studio.ui.quick_start import QuickStartDialog
from studio.ui.scenes_panel import ScenesPanel
from studio.ui.status import StudioStatusBar
from studio.ui.zone_measure_dialog import ZoneMeasureDialog
from studio.vision import VisionError, available_providers
from studio.vision.effects import EffectsStatus
from studio.vision.settings import BEAUTIFY_PRESETS, EffectSettings
from studio.vision.source import EffectsSource

log = logging.getLogger(__name__)
APP_TITLE = "Shopcast Studio"

# How a layer's picture fills its box; marked so the properties dialog shows them translated.
FIT_CHOICES = (
    QT_TRANSLATE_NOOP("SourceSettings", "crop"),
    QT_TRANSLATE_NOOP("SourceSettings", "letterbox"),
    QT_TRANSLATE_NOOP("SourceSettings", "stretch"),
)

# Files that can replace the background: pictures, and videos played in a loop.
BACKDROP_PATTERNS = "*.png *.jpg *.jpeg *.webp *.bmp *.mp4 *.mov *.mkv *.webm *.avi *.flv"  # notr
# What Go live says about the destinations themselves: checked again when they change.
DESTINATION_ERRORS = ("no_destinations", "no_server", "bad_url", "ca_file", "keyring")
# Sources with a picture of a person to beautify or cut out: a camera, a video, a picture. Text,
# sound, product cards, lower thirds, comment bubbles and test patterns have none.
EFFECTS_KINDS = ("camera", "file", "image")

# Settings every layer has, whatever its source (shown under the source's own settings).
LAYER_SETTINGS = (
    Setting(
        "fit",
        QT_TRANSLATE_NOOP("SourceSettings", "Fit"),
        "choice",
        "crop",
        choices=FIT_CHOICES,
    ),
    Setting("opacity", QT_TRANSLATE_NOOP("SourceSettings", "Opacity (%)"), "int", 100, 0, 100),
)


GRAPH_HEIGHT = 96  # the bitrate graph under the destinations: legend, axes, five seconds
RIGHT_COLUMN_WIDTH = 280  # mixer, comments and controls: a meter and "Reconnect now" fit
LEFT_COLUMN_WIDTH = 290  # scenes and sources: their button rows fit in English and Chinese


class _Done(QObject):
    """Carries a worker thread's end back to the UI thread (queued across threads)."""

    finished = Signal(str, object)  # what, error text or None


class _DockTabBarsShrink(QObject):
    """Dock tab bars without scroll buttons (their titles are elided instead): with them a
    group of tabbed docks is at least about 125 px wide, so the effects and products tabs would
    widen the narrowest window the studio fits in."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QTabBar) and child.usesScrollButtons():
                child.setUsesScrollButtons(False)
        return False


class LoopProbe:
    """Measures how late the event loop runs a 50 ms timer: the window's responsiveness."""

    def __init__(self, parent: QObject, period_ms: int = 50) -> None:
        self.period = period_ms / 1000
        self.worst_ms = 0.0
        self._last = time.monotonic()
        self.timer = QTimer(parent)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.timer.start(period_ms)

    def _tick(self) -> None:
        now = time.monotonic()
        self.worst_ms = max(self.worst_ms, (now - self._last - self.period) * 1000)
        self._last = now

    def reset(self) -> None:
        self.worst_ms = 0.0
        self._last = time.monotonic()


class MainWindow(QMainWindow):
    def __init__(
        self,
        session: StudioSession,
        translations: Translations | None = None,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_TITLE)
        self.session = session
        self.translations = translations
        self.ui_settings = (
            QSettings(str(settings_path), QSettings.Format.IniFormat) if settings_path else None
        )
        # Questions to the user go through this; tests replace it with a scripted answer.
        self.ask: Callable[[str, str], bool] = self._ask_user
        self.health = HealthMonitor()
        self._process = psutil.Process()
        self._process.cpu_percent(None)
        self._cpus = psutil.cpu_count() or 1
        # "stream", "record" while their worker runs; "all" while quitting stops everything
        self._stopping: set[str] = set()
        self._close_after_stop = False
        self._closing_done = False
        self._recording_with_stream = False  # started by Go live: it stops with the stream
        self._stream_error: str | None = None  # the code of Go live's message in the banner
        self._record_again = False  # a recording that stopped itself is taken off, then restarted
        self._errors: dict[str, StudioError] = {}  # the last refusal per banner key
        self._done = _Done(self)
        self._done.finished.connect(self._worker_finished)
        self._last_seq = -1
        self._shortcuts: list[QAction] = []
        self._profile_notice: OpenedProfile | None = None  # how the profile was opened
        self.setup_wizard = None  # the set-up while it is open (studio.ui.setup_wizard)

        self._build()
        self._build_menus()
        self.probe = LoopProbe(self)
        self.preview_timer = QTimer(self)
        self.preview_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.preview_timer.timeout.connect(self._update_preview)
        self.mixer_timer = QTimer(self)
        self.mixer_timer.timeout.connect(self.mixer.refresh)
        self.stats_timer = QTimer(self)
        self.stats_timer.timeout.connect(self.update_status)
        self._restore_layout()
        self.retranslate()

    # --- construction ---------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget(self)
        self.banner = Banner(central)
        self.preview = PreviewWidget(central)
        self.preview.setObjectName("preview")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.preview, 1)
        self.setCentralWidget(central)

        self.scenes_panel = ScenesPanel(self)
        self.layers_panel = LayersPanel(self)
        self.mixer = MixerPanel(self)
        mixer_scroll = QScrollArea(self)
        mixer_scroll.setWidgetResizable(True)
        mixer_scroll.setWidget(self.mixer)
        self.outputs = OutputsPanel(self)
        self.graph = StatsGraph(self.outputs)  # bitrate and fps, under the destinations
        self.graph.setFixedHeight(GRAPH_HEIGHT)
        self.outputs.add_below_destinations(self.graph)
        self.effects_panel = EffectsPanel(self)
        effects_scroll = QScrollArea(self)
        effects_scroll.setWidgetResizable(True)
        effects_scroll.setWidget(self.effects_panel)
        self.scenes_dock = self._dock(
            "scenesDock", self.scenes_panel, Qt.DockWidgetArea.LeftDockWidgetArea, scroll=True
        )
        self.layers_dock = self._dock(
            "sourcesDock", self.layers_panel, Qt.DockWidgetArea.LeftDockWidgetArea, scroll=True
        )
        self.mixer_dock = self._dock(
            "mixerDock", mixer_scroll, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.outputs_dock = self._dock(
            "controlsDock", self.outputs, Qt.DockWidgetArea.RightDockWidgetArea
        )
        for dock in (self.mixer_dock, self.outputs_dock):
            dock.setMinimumWidth(260)  # a mixer strip needs room for its meter
        # A column of its own beside the sources it edits: the portrait preview leaves room.
        self.effects_dock = QDockWidget(self)
        self.effects_dock.setObjectName("effectsDock")
        self.effects_dock.setWidget(effects_scroll)
        self.addDockWidget(
            Qt.DockWidgetArea.LeftDockWidgetArea, self.effects_dock, Qt.Orientation.Horizontal
        )
        self._build_products()
        self._build_chat()
        # Wide enough for the sliders and the product table at first, yet they may shrink (they
        # scroll) on small screens. After the tabs are made: tabifying resets the sizes.
        self.resizeDocks(
            [self.scenes_dock, self.effects_dock],
            [LEFT_COLUMN_WIDTH, 300],
            Qt.Orientation.Horizontal,
        )
        # The right column's width is set here, never by its texts (every right dock scrolls or
        # elides): going live or switching the language leaves the preview its size.
        self.resizeDocks([self.outputs_dock], [RIGHT_COLUMN_WIDTH], Qt.Orientation.Horizontal)
        self.status = StudioStatusBar(self)
        self.setStatusBar(self.status)
        # Room for the bold "LIVE" and taller CJK glyphs from the start: a status bar that grew
        # when going live would lift the docks anchored to the bottom (and Go live with them).
        self.status.setMinimumHeight(self.status.sizeHint().height() + 4)

        self.scenes_panel.switch_requested.connect(self.switch_scene)
        self.scenes_panel.add_requested.connect(self.add_scene)
        self.scenes_panel.duplicate_requested.connect(self.duplicate_scene)
        self.scenes_panel.rename_requested.connect(self.rename_scene)
        self.scenes_panel.delete_requested.connect(self.delete_scene)
        self.scenes_panel.move_requested.connect(self._move_scene)
        self.layers_panel.add_requested.connect(self.add_source)
        self.layers_panel.remove_requested.connect(self.remove_layer)
        self.layers_panel.move_requested.connect(self._move_layer)
        self.layers_panel.visible_changed.connect(self._set_visible)
        self.layers_panel.locked_changed.connect(self._set_locked)
        self.layers_panel.rename_requested.connect(self._rename_layer)
        self.layers_panel.properties_requested.connect(self.edit_layer)
        self.layers_panel.selected.connect(self.preview.select)
        self.preview.layer_selected.connect(self.layers_panel.select)
        self.preview.layer_geometry_changed.connect(self._geometry_changed)
        self.preview.layer_geometry_committed.connect(lambda _i: self.save_soon())
        self.preview.delete_requested.connect(self.remove_layer)
        self.mixer.gain_changed.connect(self._gain_changed)
        self.mixer.mute_changed.connect(self._mute_changed)
        self.outputs.stream_clicked.connect(self.toggle_streaming)
        self.outputs.record_clicked.connect(self.toggle_recording)
        self.outputs.settings_clicked.connect(self.open_settings)
        self.outputs.reconnect_requested.connect(self.session.outputs.reconnect)
        self.preview.layer_selected.connect(lambda _i: self._sync_effects_panel())
        self.effects_panel.changed.connect(self._effects_changed)
        self.effects_panel.preset_chosen.connect(self._effect_preset_chosen)
        self.effects_panel.save_preset_requested.connect(self.save_effect_preset)
        self.effects_panel.delete_preset_requested.connect(self.delete_effect_preset)
        self.effects_panel.choose_image_requested.connect(self.choose_background_image)
        self.effects_panel.split_toggled.connect(self._split_toggled)
        self._effects_target: tuple[str, str] | None = None  # scene, layer the panel edits
        self._split_frames: tuple[object, object] | None = None  # what the split view shows

        self._save_timer = QTimer(self)  # a drag or a gain slide saves once, when it settles
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.save)

    def _build_products(self) -> None:
        """The products dock: a tab beside the effects (the effects stay in front)."""
        self.products_panel = ProductsPanel(self.session, self)
        self.products_panel.ask = lambda title, text: self.ask(title, text)
        self.products_panel.exec_dialog = lambda dialog: self.exec_dialog(dialog)
        self.products_panel.layers_changed.connect(self._product_layer_added)
        self.products_panel.problem.connect(self._products_problem)
        scroll = QScrollArea(self)  # the dock may be shorter than the panel on small screens
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.products_panel)
        self.products_dock = QDockWidget(self)
        self.products_dock.setObjectName("productsDock")
        self.products_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.products_dock)
        self.tabifyDockWidget(self.effects_dock, self.products_dock)
        self.effects_dock.raise_()
        self._tab_bars = _DockTabBarsShrink(self)
        self.installEventFilter(self._tab_bars)

    def _build_chat(self) -> None:
        """The comments dock: a tab beside the mixer on the right (the mixer stays in front;
        the host brings the comments forward when live)."""
        self.chat_panel = ChatPanel(self.session, self)
        self.chat_panel.exec_dialog = lambda dialog: self.exec_dialog(dialog)
        self.chat_panel.layers_changed.connect(self._product_layer_added)
        self.chat_panel.problem.connect(self._products_problem)
        scroll = QScrollArea(self)  # on a small screen the dock may be shorter than the pane
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.chat_panel)
        self.chat_dock = QDockWidget(self)
        self.chat_dock.setObjectName("chatDock")
        self.chat_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.chat_dock)
        self.tabifyDockWidget(self.mixer_dock, self.chat_dock)
        self.mixer_dock.raise_()

    def _product_layer_added(self) -> None:
        self._scene_shown()
        self.layers_panel.select(len(self.session.layers) - 1)
        self.preview.select(len(self.session.layers) - 1)
        self.save_soon()

    def _products_problem(self, key: str, text: str) -> None:
        if text:
            self.banner.show_message(key, "error", text)
        else:
            self.banner.clear_message(key)

    def import_products(self) -> None:
        self.products_dock.show()
        self.products_dock.raise_()
        self.products_panel.choose_catalog()

    def _dock(
        self, name: str, widget: QWidget, area: Qt.DockWidgetArea, scroll: bool = False
    ) -> QDockWidget:
        """`scroll`: the panel scrolls rather than widen its dock when its texts get longer
        (another language), so the preview keeps its size."""
        dock = QDockWidget(self)
        dock.setObjectName(name)
        if scroll:
            area_widget = QScrollArea(self)
            area_widget.setFrameShape(QFrame.Shape.NoFrame)
            area_widget.setWidgetResizable(True)
            area_widget.setWidget(widget)
            widget = area_widget
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.setup_action = self.file_menu.addAction("", lambda: self.open_setup())
        self.setup_action.setObjectName("setupAction")
        self.import_products_action = self.file_menu.addAction("", self.import_products)
        self.settings_action = self.file_menu.addAction("", self.open_settings)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.view_menu = bar.addMenu("")
        for dock in self._docks():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        # The platforms' UI over the stream, drawn on the preview; the choice is in the profile.
        self.zones_action = self.view_menu.addAction("")
        self.zones_action.setObjectName("platformZonesAction")
        self.zones_action.setCheckable(True)
        self.zones_action.setChecked(self.session.profile.ui.platform_zones)
        self.preview.set_zones_shown(self.session.profile.ui.platform_zones)
        self.zones_action.toggled.connect(self.show_platform_zones)
        self.preview.zone_hint_changed.connect(self._zone_hint)
        self.clear_zones_action = self.view_menu.addAction("", self.move_clear_of_platforms)
        self.clear_zones_action.setObjectName("clearZonesAction")
        self.measure_zones_action = self.view_menu.addAction("", self.measure_platform_screen)
        self.reset_layout_action = self.view_menu.addAction("", self.reset_layout)
        self.language_menu = bar.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, native in [("", ""), *LANGUAGES.items()]:
            action = self.language_menu.addAction(native)
            action.setCheckable(True)
            action.setChecked(code == self.session.profile.ui.language)
            action.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_actions[code] = action
        self.help_menu = bar.addMenu("")
        self.quick_start_action = self.help_menu.addAction("", self.show_quick_start)
        self.quick_start_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.quick_start: QuickStartDialog | None = None
        self.about_action = self.help_menu.addAction("", self._about)
        # Go live / record as window actions so their keys work wherever the focus is.
        self.stream_action = QAction(self)
        self.stream_action.triggered.connect(self.toggle_streaming)
        self.record_action = QAction(self)
        self.record_action.triggered.connect(self.toggle_recording)
        self.next_scene_action = QAction(self)
        self.next_scene_action.triggered.connect(lambda: self._step_scene(1))
        self.previous_scene_action = QAction(self)
        self.previous_scene_action.triggered.connect(lambda: self._step_scene(-1))
        self.next_product_action = QAction(self)
        self.next_product_action.triggered.connect(self.products_panel.next_product)
        self.previous_product_action = QAction(self)
        self.previous_product_action.triggered.connect(self.products_panel.previous_product)
        for action in (
            self.stream_action,
            self.record_action,
            self.next_scene_action,
            self.previous_scene_action,
            self.next_product_action,
            self.previous_product_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            self.addAction(action)

    def retranslate(self) -> None:
        # Overlays and the camera-lost card speak the window's language (QLocale follows it).
        self.session.set_overlay_language(QLocale().name())
        self.scenes_dock.setWindowTitle(self.tr("Scenes"))
        self.layers_dock.setWindowTitle(self.tr("Sources"))
        self.mixer_dock.setWindowTitle(self.tr("Audio mixer"))
        self.outputs_dock.setWindowTitle(self.tr("Controls"))
        self.effects_dock.setWindowTitle(self.tr("Effects"))
        self.products_dock.setWindowTitle(self.tr("Products"))
        self.chat_dock.setWindowTitle(self.tr("Comments"))
        self.file_menu.setTitle(self.tr("&File"))
        self.setup_action.setText(self.tr("Set-up &assistant…"))
        self.import_products_action.setText(self.tr("&Import products…"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.reset_layout_action.setText(self.tr("Reset the layout"))
        self.zones_action.setText(self.tr("Platform UI zones"))
        self.clear_zones_action.setText(self.tr("Move overlays out of the platforms’ screens"))
        self.measure_zones_action.setText(self.tr("Measure a platform’s screen on a phone…"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.language_actions[""].setText(self.tr("System language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.quick_start_action.setText(self.tr("&Quick start"))
        self.about_action.setText(self.tr("About Shopcast Studio"))
        self.preview.setToolTip(
            self.tr("Click a source to select it; drag to move, drag a handle to resize.")
        )
        self.apply_hotkeys()
        # Lines already in the banner were written in the old language: say them again.
        shown, dismissed = set(self.banner.messages), self.banner.dismissed
        for key in shown:
            self.banner.clear_message(key)
        for key, exc in self._errors.items():  # what an action was refused for, still up
            if key in shown:
                self.banner.show_message(key, "error", messages.studio_error(exc))
        if "autorecord" in shown and self.session.busy_recording:
            self._say_recording_with_stream()
        self._show_problems(self.session.problems)
        self._render_profile_notice()
        self._zone_hint(self.preview.zone_hint())
        self.update_status()
        self.banner.keep_dismissed(dismissed)  # closed by the merchant: closed in any language

    def show_platform_zones(self, shown: bool) -> None:
        self.preview.set_zones_shown(shown)
        self.session.profile.ui.platform_zones = shown
        self.save_soon()

    def move_clear_of_platforms(self) -> None:
        """Overlays under a destination's screen (one added after the scene was made) go to
        their kind's free slot; what finds no room is named."""
        moved, still = self.session.placement.move_clear_of_platforms()

        def names(items: list[str]) -> str:
            return self.tr(", ").join(f"“{name}”" for name in items)

        if moved:
            self._refresh_layers()
            self.save_soon()
        if still:
            text = self.tr(
                "No free room out of the platforms’ screens for: %1. Make it smaller, or move "
                "or hide another overlay."
            )
            self.banner.show_message("zones_moved", "warning", text.replace("%1", names(still)))
        elif moved:
            text = self.tr("Moved out of the platforms’ screens: %1.")
            self.banner.show_message("zones_moved", "info", text.replace("%1", names(moved)))
        else:
            text = self.tr("No overlay is under the platforms’ screens.")
            self.banner.show_message("zones_moved", "info", text)

    def measure_platform_screen(self) -> None:
        """The measuring dialog: its card goes on and off the stream, and zones it keeps
        replace the platform's estimated ones in the guide, placement and re-layout."""
        dialog = ZoneMeasureDialog(self.session, self)
        self.exec_dialog(dialog)
        dialog.deleteLater()  # one a time it is opened, not one more under the window each time
        self._refresh_layers()
        self._refresh_destinations()
        self.save_soon()

    def _zone_hint(self, text: str) -> None:
        self.banner.clear_message("zones_moved")  # what was moved is old news once a layer moves
        if text:
            self.banner.show_message("zones", "warning", text)
        else:
            self.banner.clear_message("zones")

    def show_profile_notice(self, opened: OpenedProfile) -> None:
        """Say in the banner (and, read-only, in the title) how the profile was opened."""
        self._profile_notice = opened
        self._render_profile_notice()

    def _render_profile_notice(self) -> None:
        opened = self._profile_notice
        if opened is None:
            return
        line = profile_notice.text(opened)
        if line:
            self.banner.show_message("profile", "warning", line)
        if opened.read_only:
            self.setWindowTitle(profile_notice.title(APP_TITLE))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- start ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Open the engine (preview) and fill the panels; call once, after show()."""
        problems = self.session.open()
        self._refresh_scenes()
        self._refresh_layers()
        self._refresh_mixer()
        self._refresh_destinations()
        self._refresh_effect_presets()
        self.session.start_chat()
        try:
            self.effects_panel.set_providers(available_providers())
        except VisionError:  # ONNX Runtime will not load: the effects say so when turned on
            self.effects_panel.set_providers([])
        self._show_problems(problems)
        fps = self.session.profile.canvas.fps
        self.preview_timer.start(max(1, 1000 // fps))
        self.mixer_timer.start(50)
        self.stats_timer.start(1000)
        self.update_status()
        if self._profile_notice is not None and self._profile_notice.first_run:
            QTimer.singleShot(0, lambda: self.open_setup())  # a first launch starts with it

    # --- the set-up (studio.ui.setup_wizard) ----------------------------------------------------
    def open_setup(self, step: str = "platform") -> None:
        """Show the set-up at `step` (one at a time: a second call brings it forward)."""
        from studio.ui.setup_wizard import STEPS, SetupWizard

        wizard = self.setup_wizard
        # A closed set-up is deleted (WA_DeleteOnClose): its wrapper must not be asked anything.
        if wizard is not None and shiboken6.isValid(wizard) and wizard.isVisible():
            wizard.go_to(STEPS.index(step))
            wizard.raise_()
            return
        wizard = SetupWizard(self.session, self, start_at=step)
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.applied.connect(self._setup_applied)
        wizard.go_live_requested.connect(self._go_live_from_setup)
        self.setup_wizard = wizard
        wizard.show()

    def _go_live_from_setup(self) -> None:
        """The set-up's last "Go live": start the stream, never stop it (the set-up opened
        from the File menu while live still offers Go live)."""
        engine = self.session.engine
        if engine is None or not engine.streaming:
            self.toggle_streaming()

    def _setup_applied(self) -> None:
        """The set-up changed the session: every panel shows it, and it is saved."""
        self._refresh_scenes()
        self._scene_shown()
        self._refresh_destinations()
        self.save()

    # --- panels from the session ----------------------------------------------------------------
    def _refresh_scenes(self) -> None:
        names = [s.name for s in self.session.scenes]
        overrides = self.session.profile.ui.hotkeys
        keys = {n: key_for(scene_action(n), overrides, names) for n in names}
        self.scenes_panel.set_scenes(names, self.session.profile.current_scene, keys)

    def _refresh_layers(self) -> None:
        layers = self.session.layers
        broken = {p.name for p in self.session.problems}
        self.layers_panel.set_layers(layers, broken)
        boxes = []
        for layer in layers:
            w, h = self.session.layer_size(layer)
            # A sound-only source (a microphone) has nothing to grab in the preview.
            shown = layer.visible and split_spec(layer.source)[0] != "mic"
            boxes.append(LayerBox(layer.name, layer.x, layer.y, w, h, shown, layer.locked))
        canvas = self.session.profile.canvas
        self.preview.set_canvas_size(canvas.width, canvas.height)
        self.preview.set_layers(boxes)
        self._sync_effects_panel()

    def _refresh_mixer(self) -> None:
        engine = self.session.engine
        self.mixer.set_channels(list(engine.mixer.channels) if engine else [])
        # A strip is named after the layer whose sound it carries, in the merchant's words.
        names = {layer.source: layer.name for layer in self.session.layers}
        for strip in self.mixer.strips:
            source = strip.channel.source
            name = names.get(source.spec)
            if name is None and source.kind == "mic":
                name = getattr(source, "device_name", None) or self.tr("Microphone")
            if name:
                strip.name_label.setText(name)

    def _refresh_destinations(self) -> None:
        enabled = [d for d in self.session.profile.destinations if d.enabled]
        self.outputs.set_destinations([d.name for d in enabled])
        # whose screens to draw: as measured on the merchant's phone, else the presets'
        self.preview.set_platforms([d.platform for d in enabled], self.session.measured_zones())
        self._recheck_destination_error()

    def _recheck_destination_error(self) -> None:
        """Go live's message about the destinations ("add a destination first", "enter the
        server"...) said what was wrong then: checked again now the destinations changed, it
        goes when they are right or says what is wrong now."""
        if self._stream_error not in DESTINATION_ERRORS or self.session.busy:
            return
        try:
            self.session.destinations.push_urls()
        except StudioError as exc:
            if exc.code in DESTINATION_ERRORS:
                self._error(exc, "stream")
                return
        self._stream_error = None
        self.banner.clear_message("stream")

    def _show_problems(self, problems: list[SourceProblem]) -> None:
        if problems:
            self.banner.show_message("sources", "warning", messages.source_problems(problems))
        else:
            self.banner.clear_message("sources")

    def _error(self, exc: StudioError, key: str = "action") -> None:
        self._errors[key] = exc  # said again in another language while it is up
        if key == "stream":  # what Go live found wrong: checked again when it may be right
            self._stream_error = exc.code
        self.banner.show_message(key, "error", messages.studio_error(exc))

    # --- scenes ---------------------------------------------------------------------------------
    def switch_scene(self, name: str) -> None:
        if name == self.session.profile.current_scene:
            return
        try:
            problems = self.session.switch_scene(name)
        except StudioError as exc:
            self._error(exc)
            return
        self._refresh_scenes()
        self._scene_shown(problems)
        self.save_soon()

    def _step_scene(self, step: int) -> None:
        names = [s.name for s in self.session.scenes]
        index = names.index(self.session.profile.current_scene)
        self.switch_scene(names[(index + step) % len(names)])

    def add_scene(self) -> None:
        scene = self.session.scene_editor.add(self.tr("Scene"))
        self._scenes_changed()
        self.switch_scene(scene.name)

    def duplicate_scene(self, name: str) -> None:
        try:
            scene = self.session.scene_editor.duplicate(name)
        except StudioError as exc:
            self._error(exc)
            return
        self._scenes_changed()
        self.switch_scene(scene.name)

    def rename_scene(self, old: str, new: str) -> None:
        try:
            self.session.scene_editor.rename(old, new)
        except StudioError as exc:
            self._refresh_scenes()  # the list shows the name kept
            self._error(exc)
            return
        self._scenes_changed()

    def delete_scene(self, name: str) -> None:
        if len(self.session.scenes) == 1:
            self._error(StudioError("last_scene", "the last scene cannot be deleted"))
            return
        if not self.ask(
            self.tr("Delete scene"),
            self.tr("Delete the scene “%1” and its sources?").replace("%1", name),
        ):
            return
        try:
            self.session.scene_editor.delete(name)
        except StudioError as exc:
            self._error(exc)
            return
        self._scene_shown()
        self._scenes_changed()

    def _move_scene(self, name: str, index: int) -> None:
        self.session.scene_editor.move(name, index)
        self._scenes_changed()

    def _scenes_changed(self) -> None:
        """The list of scenes changed: their list, their hotkeys, the saved profile."""
        self._refresh_scenes()
        self.apply_hotkeys()
        self.save_soon()

    def _scene_shown(self, problems: list[SourceProblem] | None = None) -> None:
        """The current scene's layers changed: the banner, the sources list, the mixer."""
        self._show_problems(self.session.problems if problems is None else problems)
        self._refresh_layers()
        self._refresh_mixer()

    # --- layers ---------------------------------------------------------------------------------
    def add_source(self, choice_id: str) -> None:
        choice = next((c for c in SOURCE_CHOICES if c.id == choice_id), None)
        if choice is None:
            return

        def add(values: dict[str, Any]) -> str | None:
            """The layer added (None), or why not: on the banner, and in the dialog, which
            stays open with what was typed."""
            spec, options = spec_and_options(choice, values)
            try:
                self.session.add_layer(spec, options, name=self._choice_label(choice.label))
            except StudioError as exc:
                self._error(exc, "add_source")
                return messages.studio_error(exc)
            self.banner.clear_message("add_source")
            return None

        if choice.settings:
            title = self.tr("Add: %1").replace("%1", self._choice_label(choice.label))
            dialog = AddSourceDialog(title, choice.settings, choice.defaults(), add, self)
            if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                self.banner.clear_message("add_source")  # a try given up: no longer current
                return
        elif add(choice.defaults()) is not None:
            return
        self._show_problems(self.session.problems)
        self._refresh_layers()
        self._refresh_mixer()
        self.layers_panel.select(len(self.session.layers) - 1)
        self.preview.select(len(self.session.layers) - 1)
        self.save_soon()

    @staticmethod
    def _choice_label(label: str) -> str:
        return QCoreApplication.translate("SourceSettings", label)

    def edit_layer(self, index: int) -> None:
        layer = self.session.layers[index]
        choice = choice_for(layer.source)
        settings = (choice.settings if choice else ()) + LAYER_SETTINGS
        values = values_for(choice, layer.source, layer.options) if choice else {}
        values.update(fit=layer.fit, opacity=round(layer.opacity * 100))
        dialog = PropertiesDialog(
            self.tr("Properties: %1").replace("%1", layer.name), settings, values, self
        )
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        edited = dialog.values()
        self.session.set_layer_fit(index, edited.pop("fit"))
        self.session.layer_editor.set_opacity(index, edited.pop("opacity") / 100)
        if choice is not None:
            spec, options = spec_and_options(choice, edited)
            broken = layer.name in {p.name for p in self.session.problems}
            # A broken layer is tried again even unchanged: its file may be back now.
            if broken or (spec, options) != (layer.source, layer.options):
                self._show_problems(self.session.set_layer_source(index, spec, options))
        self._refresh_layers()
        self._refresh_mixer()
        self.save_soon()

    def remove_layer(self, index: int) -> None:
        try:
            self.session.remove_layer(index)
        except StudioError as exc:
            self._error(exc)
            return
        self._scene_shown()
        self.save_soon()

    def _move_layer(self, index: int, to: int) -> None:
        self.session.layer_editor.move(index, to)
        self._refresh_layers()
        self.layers_panel.select(to)
        self.preview.select(to)
        self.save_soon()

    def _set_visible(self, index: int, visible: bool) -> None:
        if self.session.layers[index].visible != visible:
            self.session.layer_editor.set_visible(index, visible)
            self._refresh_layers()
            self.save_soon()

    def _set_locked(self, index: int, locked: bool) -> None:
        self.session.layer_editor.set_locked(index, locked)
        self._refresh_layers()
        self.save_soon()

    def _rename_layer(self, index: int, name: str) -> None:
        if self.session.layers[index].name == name:
            return
        try:
            self.session.rename_layer(index, name)
        except StudioError as exc:
            self._refresh_layers()  # the list shows the name kept
            self._error(exc)
            return
        self._refresh_layers()
        self.save_soon()

    def _geometry_changed(self, index: int, x: int, y: int, w: int, h: int) -> None:
        self.session.set_layer_geometry(index, x, y, w, h)

    # --- effects of the selected layer ----------------------------------------------------------
    def _split_toggled(self, _on: bool) -> None:
        self._split_frames = None

    def _effects_index(self) -> int | None:
        """Where the layer the effects panel edits is now (the panel follows it by name)."""
        if self._effects_target is None or self._effects_target[0] != self._scene_name():
            return None
        for index, layer in enumerate(self.session.layers):
            if layer.name == self._effects_target[1]:
                return index
        return None

    def _scene_name(self) -> str:
        return self.session.profile.current_scene

    def _sync_effects_panel(self) -> None:
        """Point the effects panel at the selected layer (after a selection or a change of the
        layers); a layer already shown keeps its widgets, which may be newer than the profile."""
        panel = self.effects_panel
        index = self.preview.selected
        layers = self.session.layers
        layer = layers[index] if 0 <= index < len(layers) else None
        target = (self._scene_name(), layer.name) if layer is not None else None
        if layer is not None and split_spec(layer.source)[0] not in EFFECTS_KINDS:
            target = None
        if target is not None and target == self._effects_target:
            return
        panel.flush()  # a slider move still waiting belongs to the layer shown until now
        self._effects_target = target
        self._split_frames = None
        if layer is None:
            panel.set_layer(None)
        elif target is None:
            panel.set_layer(layer.name, None, "no_video")
        else:
            panel.set_layer(layer.name, self.session.layer_effects(index))
            self._show_effects_status(self.session.stats())

    def _refresh_effect_presets(self) -> None:
        self.effects_panel.set_presets(self.session.effect_presets)

    def _effects_changed(self, settings: EffectSettings) -> None:
        index = self._effects_index()
        if index is None:
            return
        engine = self.session.engine
        mixer = engine.mixer if engine is not None else None
        try:
            problems = self.session.set_layer_effects(index, settings)
        except StudioError as exc:
            self._error(exc, "effect_settings")
            return
        self.banner.clear_message("effect_settings")
        if engine is not None and engine.mixer is not mixer:
            self._refresh_mixer()  # the engine re-made its layers: the strips follow
        self._show_problems(problems)
        self._split_frames = None
        self.save_soon()

    def _effect_preset_chosen(self, name: str) -> None:
        if self._effects_index() is None:
            return
        try:
            settings = self.session.preset_effects(name, self.effects_panel.settings())
        except StudioError as exc:
            self._error(exc, "effect_settings")
            return
        self.effects_panel.set_settings(settings)
        self._effects_changed(settings)

    def save_effect_preset(self) -> None:
        """Ask for a name and keep the panel's settings as the merchant's own preset."""
        panel = self.effects_panel
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Save the effects as a preset"))
        dialog.setLabelText(self.tr("Name of the preset:"))
        dialog.setTextValue(
            panel.current_preset
            if panel.current_preset in self.session.profile.effect_presets
            else ""
        )
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        name = " ".join(dialog.textValue().split())
        builtin_labels = {panel.preset_label_text(key).casefold() for key in BEAUTIFY_PRESETS}
        if name.casefold() in builtin_labels:
            self._error(StudioError("preset_builtin", "built-in", name=name), "effect_settings")
            return
        settings = panel.settings()
        try:
            self.session.save_effect_preset(name, settings)
        except StudioError as exc:
            if exc.code != "preset_exists":
                self._error(exc, "effect_settings")
                return
            if not self.ask(
                self.tr("Replace preset"),
                self.tr("A preset named “%1” exists already. Replace it?").replace("%1", name),
            ):
                return
            self.session.save_effect_preset(name, settings, replace=True)
        self.banner.clear_message("effect_settings")
        self._refresh_effect_presets()
        self.save()

    def delete_effect_preset(self, name: str) -> None:
        if not self.ask(
            self.tr("Delete preset"), self.tr("Delete the preset “%1”?").replace("%1", name)
        ):
            return
        try:
            self.session.delete_effect_preset(name)
        except StudioError as exc:
            self._error(exc, "effect_settings")
            return
        self._refresh_effect_presets()
        self.save()

    def choose_background_image(self) -> None:
        """The picture or video that replaces the background (a file dialog, through
        exec_dialog so tests can answer it)."""
        current = self.effects_panel.image
        dialog = QFileDialog(
            self,
            self.tr("Choose a background picture or video"),
            str(Path(current).parent) if current else "",
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                self.tr("Pictures and videos (%1)").replace("%1", BACKDROP_PATTERNS),
                self.tr("All files (*)"),
            ]
        )
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        files = dialog.selectedFiles()
        if files:
            self.effects_panel.set_image(files[0])

    def _effect_problems(self, status: EffectsStatus | None) -> list[str]:
        if status is None:
            return []
        texts = [messages.effect_problem(error) for error in status.problems]
        if status.notice:
            texts.append(messages.effect_notice())
        return list(dict.fromkeys(texts))

    def _show_effects_status(self, stats: EngineStats | None) -> None:
        panel = self.effects_panel
        if panel.layer is None:
            return
        status = stats.effects.get(panel.layer) if stats is not None else None
        panel.show_status(status, self._effect_problems(status))

    def _refresh_split(self) -> None:
        """The before/after view: the selected layer's source before and after its effects."""
        engine = self.session.engine
        name = self.effects_panel.layer
        live = next((x for x in list(engine.layers) if x.name == name), None) if engine else None
        before = after = None
        if live is not None:
            source = live.source
            if isinstance(source, EffectsSource):
                # What the render thread last made and the frame it was made from: read, never
                # rendered here (no effects work on the window's thread).
                after, before = source.shown, source.original
            else:
                before = after = source.latest_video()
        frames = (before, after)
        last = self._split_frames
        if last is not None and last[0] is before and last[1] is after:
            return
        shown = self.effects_panel.show_split(
            before.image if before is not None else None,
            after.image if after is not None else None,
            time.monotonic(),
        )
        if shown:
            self._split_frames = frames

    # --- audio ----------------------------------------------------------------------------------
    def _gain_changed(self, spec: str, gain_db: float) -> None:
        self.session.audio.set_gain(spec, gain_db)
        self.save_soon()

    def _mute_changed(self, spec: str, muted: bool) -> None:
        self.session.audio.set_muted(spec, muted)
        self.save_soon()

    # --- outputs --------------------------------------------------------------------------------
    def toggle_streaming(self) -> None:
        if self._stopping & {"stream", "all"}:  # a hotkey still works on a disabled button
            return
        engine = self.session.engine
        if engine is not None and engine.streaming:
            self._ask_stop_streaming(engine.recording)
            return
        try:
            self.session.outputs.start_streaming()
        except StudioError as exc:
            if exc.code == "no_destinations":  # nowhere to go: ask where, not a red line
                self.banner.clear_message("stream")
                if self.session.profile.destinations:  # all switched off: turn one back on
                    self.open_settings()
                else:
                    self.open_setup("destination")
                return
            self._error(exc, "stream")
            return
        self.banner.clear_message("stream")
        self._stream_error = None
        self.outputs.set_streaming(True)
        # The recording is the merchant's insurance: it starts with the stream unless turned off,
        # and the merchant is told (a file growing unseen would surprise them).
        if self.session.profile.recording.enabled and not self.session.busy_recording:
            self.toggle_recording()
            if self.session.busy_recording:
                self._recording_with_stream = True
                self._say_recording_with_stream()
        self.update_status()

    def _say_recording_with_stream(self) -> None:
        path = self.session.recording_path
        if self.session.profile.recording.keep_after_stream:
            text = self.tr(
                "Recording too, to %1. It goes on after the stream stops: stop it with "
                "“Stop recording”."
            )
        else:
            text = self.tr(
                "Recording too, to %1. It stops with the stream (Settings → Recording to keep "
                "it going)."
            )
        text = text.replace("%1", str(path))
        self.banner.show_message("autorecord", "info", text)  # logged there
        # Also where it cannot hide behind a problem in the banner (an error comes first there).
        self.status.showMessage(text, 15000)

    def _ask_stop_streaming(self, recording: bool) -> None:
        """Stop the stream (asked first); a recording that started with it stops too, unless
        the merchant keeps recordings going (Settings → Recording)."""
        stopped_itself = self.session.recording_stopped_itself  # taken off with the stream
        together = (
            recording
            and not stopped_itself
            and self._recording_with_stream
            and not self.session.profile.recording.keep_after_stream
            and not self._stopping & {"record"}
        )
        question = (
            self.tr("You are live. Stop the stream for every destination, and the recording?")
            if together
            else self.tr("You are live. Stop the stream for every destination?")
        )
        if not self.ask(self.tr("Stop streaming"), question):
            return
        if together or (stopped_itself and not self._stopping & {"record"}):
            self._run_stop(
                "stream",
                self.session.outputs.stop_streaming,
                ("record", self.session.stop_recording),
            )
        else:
            self._run_stop("stream", self.session.outputs.stop_streaming)

    def toggle_recording(self) -> None:
        if self._stopping & {"record", "all"}:
            return
        engine = self.session.engine
        if engine is not None and engine.recording:
            # A recording that stopped itself reads "Start recording": take it off, then start.
            self._record_again = self.session.recording_stopped_itself
            self._run_stop("record", self.session.stop_recording)
            return
        try:
            path = self.session.start_recording()
        except StudioError as exc:
            self._error(exc, "record")
            return
        self._recording_with_stream = False  # started by hand: it stops by hand
        self.banner.clear_message("record")
        self.banner.clear_message("recording")
        self.outputs.set_recording(True)
        self.outputs.record_button.setToolTip(str(path))
        self.update_status()

    def _run_stop(
        self, what: str, stop: Callable[[], None], *then: tuple[str, Callable[[], None]]
    ) -> None:
        """Stop an output on a worker thread (and `then` others, one after the other, on the
        same thread); the UI shows "stopping" until each is done."""
        steps = [(what, stop), *then]
        for name, _stop in steps:
            self._stopping.add(name)
            if name == "stream":
                self.outputs.set_streaming(True, busy=True)
            else:
                self.outputs.set_recording(True, busy=True)

        def work() -> None:
            for name, step in steps:
                error = None
                try:
                    step()
                except Exception as exc:
                    log.exception("stopping %s failed", name)
                    error = type(exc).__name__
                self._done.finished.emit(name, error)

        threading.Thread(target=work, name=f"stop-{what}", daemon=True).start()

    def _worker_finished(self, what: str, error: object) -> None:
        self._stopping.discard(what)
        if what == "stream":
            self.outputs.set_streaming(False)
        elif what == "record":
            self.outputs.set_recording(False)
            self._recording_with_stream = False
            self.banner.clear_message("autorecord")
            path = self.session.recording_path
            engine = self.session.engine
            recorder = engine.recorder if engine is not None else None
            failed = recorder is not None and recorder.state == "failed"  # the banner said why
            if path is not None and error is None and not failed:
                self.status.notice(self.tr("Recording saved: %1").replace("%1", str(path)))
            again, self._record_again = self._record_again, False
            if again and error is None:
                QTimer.singleShot(0, self.toggle_recording)
        elif what == "all":
            self._closing_done = True
            self.close()
            return
        if error:
            text = self.tr("Stopping failed (%1).").replace("%1", str(error))
            self._errors.pop(what, None)  # this line, not a refusal, is up under that key now
            self.banner.show_message(what, "error", text)
        self.update_status()
        if self._close_after_stop and not self._stopping:
            self.close()

    # --- status ---------------------------------------------------------------------------------
    def _update_preview(self) -> None:
        engine = self.session.engine
        if engine is None:
            return
        if self.effects_panel.split_on:
            self._refresh_split()
        if not self.preview.isVisible():
            return
        if engine.preview_seq != self._last_seq:
            self._last_seq = engine.preview_seq
            self.preview.set_frame(engine.preview)

    def update_status(self) -> None:
        stats = self.session.stats()
        cpu = self._process.cpu_percent(None) / self._cpus
        self.status.show_viewers(self.session.chat.room_news())
        if stats is None:
            self.status.show_stats(None, cpu, 0.0, 0.0)
            return
        verdicts = self.health.update(stats)
        self._show_effects_status(stats)
        self.status.show_stats(stats, cpu, self.health.lagged_pct, self.health.dropped_pct)
        self.graph.add_sample(stats)
        self.outputs.show_stats(stats.destinations)
        engine = self.session.engine
        if engine is not None and not self._stopping & {"stream", "all"}:
            self.outputs.set_streaming(engine.streaming)
        if engine is not None and not self._stopping & {"record", "all"}:
            # A recorder that stopped itself (a full disk) is not recording: the button says so.
            recording = engine.recording and not self.session.recording_stopped_itself
            self.outputs.set_recording(recording)
            if not recording:
                self._recording_with_stream = False
                self.banner.clear_message("autorecord")
        self._report(verdicts, stats)
        retried = self.session.live.retry_missing_files()
        if retried is not None:  # a picture's file is back: its layer shows, the banner says so
            self._scene_shown(retried)

    def _report(self, verdicts, stats) -> None:
        shown = set()
        for v in verdicts:
            key = f"health:{v.code}"
            shown.add(key)
            severity = "error" if v.severity == "problem" else "warning"
            self.banner.show_message(key, severity, messages.verdict(v))
        # A stopped stream's destinations stay listed with their last state: their failure was
        # about that stream, over once the merchant stopped it.
        for d in stats.destinations if stats.streaming_seconds else []:
            if d.state == "failed":
                key = f"dest:{d.name}"
                shown.add(key)
                text = (
                    self.tr("Destination %1: %2")
                    .replace("%1", d.name)
                    .replace("%2", messages.destination_reason(d.reason))
                )
                self.banner.show_message(key, "error", text)
        engine = self.session.engine
        for source in engine.sources if engine else []:
            text = messages.source_notice(source)
            if text:
                key = f"source:{source.spec}"
                shown.add(key)
                self.banner.show_message(key, "warning", text)
        for name, status in stats.effects.items():
            texts = self._effect_problems(status)
            if texts:
                key = f"effects:{name}"
                shown.add(key)
                text = (
                    self.tr("Effects of “%1”: %2")
                    .replace("%1", name)
                    .replace("%2", " ".join(texts))
                )
                self.banner.show_message(key, "warning", text)
        if stats.recording_error:
            shown.add("recording")
            detail = stats.recording_error.removeprefix("recording stopped: ")
            rec = engine.recorder if engine else None
            streaming = engine is not None and engine.streaming
            text = messages.recording_error(
                detail, getattr(rec, "reason", None), rec.path if rec else None, streaming
            )
            self.banner.show_message("recording", "error", text)
        conditions = ("health", "dest", "source", "effects", "recording")
        for key in list(self.banner.messages):
            if key.split(":")[0] in conditions and key not in shown:
                self.banner.clear_message(key)

    # --- settings, language, hotkeys ------------------------------------------------------------
    def open_settings(self) -> None:
        from studio.ui.settings_dialog import SettingsDialog

        session = self.session
        dialog = SettingsDialog(
            session.profile,
            self,
            on_save_destination=session.save_destination,
            on_remove_destination=session.remove_destination,
            has_key=session.has_key,
            busy=session.busy,
        )
        if not any(d.enabled for d in session.profile.destinations):  # where to go live first
            dialog.tabs.setCurrentWidget(dialog.destinations_page)
        accepted = self.exec_dialog(dialog) == QDialog.DialogCode.Accepted
        self._refresh_destinations()
        if accepted:
            self.apply_profile(dialog.result_profile())
        self.save()

    def apply_profile(self, edited) -> None:
        """Take the settings dialog's result: restart the preview when the canvas or encoder
        changed (only possible while idle), switch language, re-bind keys."""
        old = self.session.profile
        restart = (edited.canvas, edited.encoder) != (old.canvas, old.encoder)
        audio_changed = edited.audio_sources != old.audio_sources
        if edited.recording.folder != old.recording.folder:
            self.banner.clear_message("record")  # "cannot record to <folder>" was the old one
        old.canvas, old.encoder = edited.canvas, edited.encoder
        old.recording, old.ui.hotkeys = edited.recording, dict(edited.ui.hotkeys)
        old.audio_sources = list(edited.audio_sources)
        if restart:
            try:
                self._show_problems(self.session.reopen())
            except StudioError as exc:
                self._error(exc)
            self.preview_timer.start(max(1, 1000 // old.canvas.fps))
        elif audio_changed:
            self._show_problems(self.session.set_audio_sources(old.audio_sources))
        self._refresh_layers()
        self._refresh_mixer()
        self._refresh_scenes()
        if edited.ui.language != old.ui.language:
            self.set_language(edited.ui.language)
        self.apply_hotkeys()

    def set_language(self, language: str) -> None:
        self.session.profile.ui.language = language
        if language in self.language_actions:
            self.language_actions[language].setChecked(True)
        app = QApplication.instance()
        if self.translations is not None and app is not None:
            self.translations.apply(app, language)  # every widget gets a LanguageChange
        self._save_timer.start(500)  # saved soon; a refused action's line, said again, stays

    def apply_hotkeys(self) -> None:
        profile = self.session.profile
        names = [s.name for s in profile.scenes]
        overrides = profile.ui.hotkeys
        for action, name in (
            (self.stream_action, "go_live"),
            (self.record_action, "record"),
            (self.next_scene_action, "next_scene"),
            (self.previous_scene_action, "previous_scene"),
            (self.next_product_action, "next_product"),
            (self.previous_product_action, "previous_product"),
        ):
            action.setShortcut(QKeySequence(key_for(name, overrides, names)))
            action.setText(QCoreApplication.translate("Hotkeys", ACTIONS[name][1]))
        for action in self._shortcuts:
            self.removeAction(action)
            action.deleteLater()
        self._shortcuts = []
        for action_name in all_actions(names):
            if not action_name.startswith("scene:"):
                continue
            key = key_for(action_name, overrides, names)
            if not key:
                continue
            scene = action_name.removeprefix("scene:")
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _c=False, s=scene: self.switch_scene(s))
            self.addAction(action)
            self._shortcuts.append(action)

    # --- dialogs and questions ------------------------------------------------------------------
    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog; tests replace this to fill and accept dialogs."""
        return dialog.exec()

    def _ask_user(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # questions quote names the user typed
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.exec() == QMessageBox.StandardButton.Yes
        # In the log too, with the answer: what the merchant was asked and chose.
        log.info("asked: %s: %s: %s", title, text, "yes" if yes else "no")
        return yes

    def show_quick_start(self) -> None:
        """Help → Quick start: the one-page guide beside the window (not modal: the merchant
        follows it step by step)."""
        if self.quick_start is None:
            self.quick_start = QuickStartDialog(self)
        self.quick_start.show()
        self.quick_start.raise_()
        self.quick_start.activateWindow()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Shopcast Studio"),
            self.tr("Shopcast Studio %1\nA broadcaster studio for live selling.").replace(
                "%1", __version__
            ),
        )

    # --- saving and layout ----------------------------------------------------------------------
    def save_soon(self) -> None:
        """A change went through: saved once it settles. A failed scene or layer action's line
        ("a name must not be empty"...) told of the attempt before it: no longer current."""
        self.banner.clear_message("action")
        self._save_timer.start(500)

    def save(self) -> None:
        self._save_timer.stop()
        try:
            self.session.save()
        except (OSError, ValueError) as exc:
            text = self.tr("The settings could not be saved: %1").replace(
                "%1", getattr(exc, "strerror", None) or type(exc).__name__
            )
            self.banner.show_message("save", "error", text)
            return
        self.banner.clear_message("save")  # saved now (the disk has room again)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.hide_stray_tab_bars)

    def hide_stray_tab_bars(self) -> None:
        """Qt leaves a stale, empty tab bar over the preview when two groups of tabbed docks
        (effects|products, mixer|comments) are made before the window shows: a real dock tab
        bar never lies over the central widget, so one that does is hidden."""
        central = self.centralWidget()
        if central is None:
            return
        for bar in self.findChildren(QTabBar):
            if bar.parentWidget() is self and bar.geometry().intersects(central.geometry()):
                bar.hide()

    def _restore_layout(self) -> None:
        self.resize(1280, 800)
        self._default_state = self.saveState()
        if self.ui_settings is None:
            return
        geometry = self.ui_settings.value("window/geometry")
        state = self.ui_settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_layout(self) -> None:
        if self.ui_settings is not None:
            self.ui_settings.setValue("window/geometry", self.saveGeometry())
            self.ui_settings.setValue("window/state", self.saveState())
            self.ui_settings.sync()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self._docks():
            dock.show()

    def _docks(self) -> tuple[QDockWidget, ...]:
        return (
            self.scenes_dock,
            self.layers_dock,
            self.effects_dock,
            self.products_dock,
            self.mixer_dock,
            self.chat_dock,
            self.outputs_dock,
        )

    # --- closing --------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_done:
            self._finish_close()
            event.accept()
            return
        if self._stopping:
            event.ignore()  # a stop is running; close when it is done
            self._close_after_stop = True
            return
        engine = self.session.engine
        if engine is not None and (engine.streaming or engine.recording):
            if not self.ask(
                self.tr("Quit while live"),
                self.tr(
                    "You are streaming or recording. Stop everything, finish the recording "
                    "and quit?"
                ),
            ):
                event.ignore()
                return
            event.ignore()
            self.outputs.set_streaming(engine.streaming, busy=True)
            self.outputs.set_recording(engine.recording, busy=True)
            self._run_stop("all", self.session.close)
            return
        self._finish_close()
        event.accept()

    def _finish_close(self) -> None:
        self.effects_panel.flush()  # a slider moved just before quitting is kept
        self.products_panel.flush()  # so is a price typed just before
        self.products_panel.timer.stop()
        self.chat_panel.stop()
        self.session.stop_chat()
        for timer in (self.preview_timer, self.mixer_timer, self.stats_timer, self.probe.timer):
            timer.stop()
        self.save_layout()
        self.session.close()
        self.save()


def settings_file(config_dir: Path) -> Path:
    return config_dir / "window.ini"


def environment_has_display() -> bool:
    """Whether Qt can open a window here (Linux needs X11 or Wayland unless told otherwise)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
