"""The studio window: preview in the middle, scenes and sources on the left, mixer and the go-live
controls on the right, a banner for problems and the status bar below.

The window builds its widgets and menus; each section's handlers live in a control of their
own (studio.ui.window_*: scenes, layers, effects, mixer, outputs, status, settings, platform
zones, set-up, layout, closing), which the window composes and which reach one another through
it. Everything goes through the StudioSession and its parts; the window never waits on the
network or the disk: stopping outputs (which finalises the recording and closes connections)
runs on a worker thread.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFrame,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio import __version__
from studio.engine import SourceProblem
from studio.health import HealthMonitor
from studio.profile import Profile
from studio.profile_open import OpenedProfile
from studio.session import StudioError, StudioSession
from studio.ui import messages
from studio.ui.banner import Banner
from studio.ui.chat_panel import ChatPanel
from studio.ui.clips_control import ClipsControl
from studio.ui.effects_panel import EffectsPanel
from studio.ui.graph import StatsGraph
from studio.ui.i18n import LANGUAGES, Translations
from studio.ui.layers_panel import LayersPanel
from studio.ui.mixer_panel import MixerPanel
from studio.ui.outputs_panel import OutputsPanel
from studio.ui.preview import PreviewWidget
from studio.ui.products_panel import ProductsPanel
from studio.ui.quick_start import QuickStartDialog
from studio.ui.scenes_panel import ScenesPanel
from studio.ui.status import StudioStatusBar
from studio.ui.window_closing import ClosingControl
from studio.ui.window_effects import EffectsControl
from studio.ui.window_layers import LayerControl
from studio.ui.window_layout import DockTabBarsShrink, LayoutControl
from studio.ui.window_mixer import MixerControl
from studio.ui.window_outputs import OutputControl
from studio.ui.window_scenes import SceneControl
from studio.ui.window_settings import SettingsControl
from studio.ui.window_setup import SetupControl
from studio.ui.window_status import LoopProbe, StatusControl
from studio.ui.window_zones import ZoneControl
from studio.vision import VisionError, available_providers

log = logging.getLogger(__name__)
APP_TITLE = "Shopcast Studio"

GRAPH_HEIGHT = 96  # the bitrate graph under the destinations: legend, axes, five seconds
RIGHT_COLUMN_WIDTH = 280  # mixer, comments and controls: a meter and "Reconnect now" fit
LEFT_COLUMN_WIDTH = 290  # scenes and sources: their button rows fit in English and Chinese


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
        ui_settings = (
            QSettings(str(settings_path), QSettings.Format.IniFormat) if settings_path else None
        )
        # Questions to the user go through this; tests replace it with a scripted answer.
        self.ask: Callable[[str, str], bool] = self._ask_user
        self.health = HealthMonitor()
        self._stream_error: str | None = None  # the code of Go live's message in the banner
        self._errors: dict[str, StudioError] = {}  # the last refusal per banner key
        self.setup_wizard = None  # the set-up while it is open (studio.ui.setup_wizard)
        # Each section's handlers; they find the widgets on the window once it is built.
        self.scene_control = SceneControl(self)
        self.layer_control = LayerControl(self)
        self.effects_control = EffectsControl(self)
        self.mixer_control = MixerControl(self)
        self.output_control = OutputControl(self)
        self.status_control = StatusControl(self)
        self.settings_control = SettingsControl(self)
        self.zone_control = ZoneControl(self)
        self.setup_control = SetupControl(self, APP_TITLE)
        self.layout_control = LayoutControl(self, ui_settings)
        self.closing_control = ClosingControl(self)

        self._build()
        self._build_menus()
        self.clips_control = ClipsControl(self)  # File → Clips…, the offer after recording
        self.probe = LoopProbe(self)
        self.preview_timer = QTimer(self)
        self.preview_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.preview_timer.timeout.connect(self.status_control.update_preview)
        self.mixer_timer = QTimer(self)
        self.mixer_timer.timeout.connect(self.mixer.refresh)
        self.stats_timer = QTimer(self)
        self.stats_timer.timeout.connect(self.update_status)
        self.layout_control.restore()
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

        self.scenes_panel.switch_requested.connect(self.scene_control.switch)
        self.scenes_panel.add_requested.connect(self.scene_control.add)
        self.scenes_panel.duplicate_requested.connect(self.scene_control.duplicate)
        self.scenes_panel.rename_requested.connect(self.scene_control.rename)
        self.scenes_panel.delete_requested.connect(self.scene_control.delete)
        self.scenes_panel.move_requested.connect(self.scene_control.move)
        layers = self.layer_control
        self.layers_panel.add_requested.connect(layers.add_source)
        self.layers_panel.remove_requested.connect(layers.remove)
        self.layers_panel.move_requested.connect(layers.move)
        self.layers_panel.visible_changed.connect(layers.set_visible)
        self.layers_panel.locked_changed.connect(layers.set_locked)
        self.layers_panel.rename_requested.connect(layers.rename)
        self.layers_panel.properties_requested.connect(layers.edit)
        self.layers_panel.selected.connect(self.preview.select)
        self.preview.layer_selected.connect(self.layers_panel.select)
        self.preview.layer_geometry_changed.connect(layers.geometry_changed)
        self.preview.layer_geometry_committed.connect(lambda _i: self.save_soon())
        self.preview.delete_requested.connect(layers.remove)
        self.mixer.gain_changed.connect(self.mixer_control.gain_changed)
        self.mixer.mute_changed.connect(self.mixer_control.mute_changed)
        self.outputs.stream_clicked.connect(self.toggle_streaming)
        self.outputs.record_clicked.connect(self.toggle_recording)
        self.outputs.settings_clicked.connect(self.open_settings)
        self.outputs.reconnect_requested.connect(self.session.outputs.reconnect)
        effects = self.effects_control
        self.preview.layer_selected.connect(lambda _i: effects.sync_panel())
        self.effects_panel.changed.connect(effects.changed)
        self.effects_panel.preset_chosen.connect(effects.preset_chosen)
        self.effects_panel.save_preset_requested.connect(effects.save_preset)
        self.effects_panel.delete_preset_requested.connect(effects.delete_preset)
        self.effects_panel.choose_image_requested.connect(effects.choose_background_image)
        self.effects_panel.split_toggled.connect(effects.split_toggled)

    def _build_products(self) -> None:
        """The products dock: a tab beside the effects (the effects stay in front)."""
        self.products_panel = ProductsPanel(self.session, self)
        self.products_panel.ask = lambda title, text: self.ask(title, text)
        self.products_panel.exec_dialog = lambda dialog: self.exec_dialog(dialog)
        self.products_panel.layers_changed.connect(self.layer_control.added_elsewhere)
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
        self._tab_bars = DockTabBarsShrink(self)
        self.installEventFilter(self._tab_bars)

    def _build_chat(self) -> None:
        """The comments dock: a tab beside the mixer on the right (the mixer stays in front;
        the host brings the comments forward when live)."""
        self.chat_panel = ChatPanel(self.session, self)
        self.chat_panel.exec_dialog = lambda dialog: self.exec_dialog(dialog)
        self.chat_panel.layers_changed.connect(self.layer_control.added_elsewhere)
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
        for dock in self.layout_control.docks():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        # The platforms' UI over the stream, drawn on the preview; the choice is in the profile.
        self.zones_action = self.view_menu.addAction("")
        self.zones_action.setObjectName("platformZonesAction")
        self.zones_action.setCheckable(True)
        self.zones_action.setChecked(self.session.profile.ui.platform_zones)
        self.preview.set_zones_shown(self.session.profile.ui.platform_zones)
        zones = self.zone_control
        self.zones_action.toggled.connect(zones.show_platform_zones)
        self.preview.zone_hint_changed.connect(zones.zone_hint)
        self.clear_zones_action = self.view_menu.addAction("", zones.move_clear_of_platforms)
        self.clear_zones_action.setObjectName("clearZonesAction")
        self.measure_zones_action = self.view_menu.addAction("", zones.measure_platform_screen)
        self.reset_layout_action = self.view_menu.addAction("", self.layout_control.reset_layout)
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
        self.next_scene_action.triggered.connect(lambda: self.scene_control.step(1))
        self.previous_scene_action = QAction(self)
        self.previous_scene_action.triggered.connect(lambda: self.scene_control.step(-1))
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
        self.settings_control.apply_hotkeys()
        # Lines already in the banner were written in the old language: say them again.
        shown, dismissed = set(self.banner.messages), self.banner.dismissed
        for key in shown:
            self.banner.clear_message(key)
        for key, exc in self._errors.items():  # what an action was refused for, still up
            if key in shown:
                self.banner.show_message(key, "error", messages.studio_error(exc))
        if "autorecord" in shown and self.session.busy_recording:
            self.output_control.say_recording_with_stream()
        self._show_problems(self.session.problems)
        self.setup_control.render_profile_notice()
        self.zone_control.zone_hint(self.preview.zone_hint())
        self.update_status()
        self.banner.keep_dismissed(dismissed)  # closed by the merchant: closed in any language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- start ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Open the engine (preview) and fill the panels; call once, after show()."""
        problems = self.session.open()
        self.scene_control.refresh()
        self.layer_control.refresh()
        self.mixer_control.refresh()
        self.settings_control.refresh_destinations()
        self.effects_control.refresh_presets()
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
        notice = self.setup_control.notice
        if notice is not None and notice.first_run:
            QTimer.singleShot(0, lambda: self.open_setup())  # a first launch starts with it

    # --- the banner -----------------------------------------------------------------------------
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

    # --- what the tests, the set-up and the app call (each section's control does it) ----------
    def show_profile_notice(self, opened: OpenedProfile) -> None:
        self.setup_control.show_profile_notice(opened)

    def open_setup(self, step: str = "platform") -> None:
        self.setup_control.open_setup(step)

    def _setup_applied(self) -> None:
        self.setup_control.applied()

    def switch_scene(self, name: str) -> None:
        self.scene_control.switch(name)

    def rename_scene(self, old: str, new: str) -> None:
        self.scene_control.rename(old, new)

    def add_source(self, choice_id: str) -> None:
        self.layer_control.add_source(choice_id)

    def _rename_layer(self, index: int, name: str) -> None:
        self.layer_control.rename(index, name)

    def _sync_effects_panel(self) -> None:
        self.effects_control.sync_panel()

    def toggle_streaming(self) -> None:
        self.output_control.toggle_streaming()

    def toggle_recording(self) -> None:
        self.output_control.toggle_recording()

    @property
    def _stopping(self) -> set[str]:
        """The outputs being stopped now ("stream", "record"; "all" while quitting)."""
        return self.output_control.stopping

    def update_status(self) -> None:
        self.status_control.update()

    def open_settings(self) -> None:
        self.settings_control.open_settings()

    def apply_profile(self, edited: Profile) -> None:
        self.settings_control.apply_profile(edited)

    def set_language(self, language: str) -> None:
        self.settings_control.set_language(language)

    def _refresh_destinations(self) -> None:
        self.settings_control.refresh_destinations()

    def save_soon(self) -> None:
        self.layout_control.save_soon()

    def save(self) -> None:
        self.layout_control.save()

    def hide_stray_tab_bars(self) -> None:
        self.layout_control.hide_stray_tab_bars()

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

    # --- showing and closing --------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.hide_stray_tab_bars)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing_control.close_event(event)


def settings_file(config_dir: Path) -> Path:
    return config_dir / "window.ini"


def environment_has_display() -> bool:
    """Whether Qt can open a window here (Linux needs X11 or Wayland unless told otherwise)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
