"""The connections dialog's options are fields built from what each connector kind declares:
a tick, a list, a line with the default as its placeholder; an option left as its default stays
unset, one the kind does not declare is kept, and a bad number is named before anything is
saved."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from studio.chat.connector import ConnectorSettings
from studio.chat.registry import option_settings
from studio.ui.chat_dialogs import ConnectorsDialog


def _dialog(qtbot: QtBot, item: ConnectorSettings) -> ConnectorsDialog:
    dialog = ConnectorsDialog([item], lambda _c: False)
    qtbot.addWidget(dialog)
    return dialog


def test_each_declared_option_has_its_field(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ConnectorSettings("demo", options={"lang": "en", "old": "x"}))
    form = dialog.option_form
    assert list(form.fields) == [s.key for s in option_settings("demo")]
    lang = form.fields["lang"]
    assert [lang.itemData(i) for i in range(lang.count())] == ["zh", "en", "mixed"]
    assert lang.currentData() == "en"
    assert form.fields["seed"].text() == "" and form.fields["count"].placeholderText() == ""
    assert form.fields["rate"].toolTip() == "above 0, at most 1000"
    form.fields["seed"].setText("7")
    dialog.accept()
    (saved,), _tokens = dialog.result_connectors()
    # the choice made, the number typed, the undeclared option kept; the rest left unset
    assert saved.options == {"old": "x", "lang": "en", "seed": "7"}


def test_the_default_choice_and_an_empty_line_leave_the_option_unset(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ConnectorSettings("demo", options={"lang": "en", "rate": "9"}))
    form = dialog.option_form
    form.fields["lang"].setCurrentIndex(form.fields["lang"].findData("zh"))
    form.fields["rate"].setText("")
    dialog.accept()
    (saved,), _tokens = dialog.result_connectors()
    assert saved.options == {}


def test_a_tick_is_stored_as_the_connector_reads_it(qtbot: QtBot) -> None:
    ticks = [s for s in option_settings("irc") if s.type == "bool"]
    assert ticks, "irc declares a yes/no option"
    tick = ticks[0]
    dialog = _dialog(qtbot, ConnectorSettings("irc", channel="#shop"))
    box = dialog.option_form.fields[tick.key]
    assert box.isChecked() == bool(tick.default)
    box.setChecked(not tick.default)
    dialog.accept()
    (saved,), _tokens = dialog.result_connectors()
    assert saved.options == {tick.key: "0" if tick.default else "1"}


def test_switching_kind_shows_that_kinds_options(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ConnectorSettings("demo", options={"seed": "3"}))
    dialog.kind.setCurrentIndex(dialog.kind.findData("bilibili"))
    assert list(dialog.option_form.fields) == [s.key for s in option_settings("bilibili")]
    assert dialog.option_form.fields["heartbeat"].placeholderText() == "30"
    dialog.kind.setCurrentIndex(dialog.kind.findData("demo"))
    assert dialog.option_form.fields["seed"].text() == "3"  # the record's own, back
