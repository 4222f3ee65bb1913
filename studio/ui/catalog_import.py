"""A catalog import running off the GUI thread: the file is read by a worker process
(`studio.commerce.import_worker`) waited on from a QThread, so the window keeps painting the
preview and a file that aborts its reader takes only the worker down. The result comes back by a
queued signal and is applied to the shop on the GUI thread."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from studio.commerce.catalog import CatalogError
from studio.commerce.import_worker import ImportCancelled, read_catalog

log = logging.getLogger(__name__)


class CatalogImportJob(QThread):
    """Reads one catalog file. `done(found, error)`: the CatalogImport, or the CatalogError
    saying why not; both None when it was cancelled."""

    done = Signal(object, object)

    def __init__(self, path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.started_at = time.monotonic()
        self._cancel = threading.Event()

    def run(self) -> None:
        try:
            found = read_catalog(self.path, cancel=self._cancel)
        except ImportCancelled:
            self.done.emit(None, None)
        except CatalogError as exc:
            self.done.emit(None, exc)
        except Exception as exc:  # never a traceback in the window: the reason, and the log
            log.exception("importing %s failed", self.path)
            self.done.emit(None, CatalogError("reader_failed", self.path, type(exc).__name__))
        else:
            self.done.emit(found, None)

    @property
    def seconds(self) -> int:
        return int(time.monotonic() - self.started_at)

    def cancel(self, wait_ms: int = 5000) -> None:
        """Stop reading (the worker is killed); wait for the thread to end."""
        self._cancel.set()
        self.wait(wait_ms)
