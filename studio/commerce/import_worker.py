"""Reading a catalog file in a process of its own, so a hostile file cannot take the show down.

A catalog is the merchant's file, but it may come from anywhere (a supplier, a platform's export,
a chat). Its parser, calamine, is native code: a workbook that makes it allocate too much aborts
the process it runs in (a Rust abort: Python cannot catch it), and in the window that process
is the one streaming. So the file is read by a worker process (`python -m
studio.commerce.import_worker FILE`, or the bundled app's `_import_catalog`) whose address space
is capped (`WORKER_MEMORY_MB`) and whose time is bounded (`TIMEOUT_S`); the parent gets the
products back, or a CatalogError saying why not: the file's own problem, the memory cap hit, the
reader killed or aborted, the time run out. The parent survives all of them.

The worker writes one JSON document to stdout; the parent reads it back with the same checks as a
saved profile (`Product.from_dict`), so a worker gone wrong cannot hand it anything else.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from studio.child_process import NO_WINDOW, studio_command
from studio.commerce.amounts import MAX_AMOUNT
from studio.commerce.catalog import CatalogError, CatalogImport, RowProblem, load_catalog
from studio.commerce.product import PRODUCT_FIELDS, Product

WORKER_MEMORY_MB = 1024  # the worker's address space: an import stays well under it
TIMEOUT_S = 120.0  # 200,000 rows take about 15 s on a slow 2-core machine
STDERR_BYTES = 4096  # of the worker's complaints, what is kept for the log


class ImportCancelled(Exception):
    """The merchant stopped the import; nothing was changed."""


def worker_command(path: str | Path) -> list[str]:
    return studio_command("_import_catalog", "studio.commerce.import_worker", str(path))


def read_catalog(
    path: str | Path,
    timeout_s: float = TIMEOUT_S,
    cancel: threading.Event | None = None,
    on_started: Any = None,
) -> CatalogImport:
    """`load_catalog(path)`, run in a worker process. CatalogError for a file that cannot be
    imported, whatever happened to the worker; ImportCancelled when `cancel` is set meanwhile.
    `on_started(pid)` is told the worker's process id (the benchmark measures its memory)."""
    path = Path(path).expanduser()
    try:
        proc = subprocess.Popen(
            worker_command(path.resolve()),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            creationflags=NO_WINDOW,
        )
    except OSError as exc:
        raise CatalogError("reader_failed", path, exc.strerror or str(exc)) from None
    if on_started is not None:
        on_started(proc.pid)
    chunks: list[bytes] = []
    errors: list[bytes] = []
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, chunks, None), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, errors, STDERR_BYTES), daemon=True),
    ]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + timeout_s
    try:
        while proc.poll() is None:
            if cancel is not None and cancel.is_set():
                raise ImportCancelled
            if time.monotonic() > deadline:
                raise CatalogError("timed_out", path, f"{timeout_s:.0f}")
            try:
                proc.wait(0.05)
            except subprocess.TimeoutExpired:
                pass
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for reader in readers:
            reader.join()
    return _result(path, proc.returncode, b"".join(chunks), b"".join(errors))


def _drain(stream: Any, into: list[bytes], keep: int | None) -> None:
    """Read a pipe to its end (a full pipe would stall the worker); keep the last `keep`
    bytes, or all."""
    kept = 0
    while chunk := stream.read(65536):
        into.append(chunk)
        kept += len(chunk)
        while keep is not None and kept - len(into[0]) >= keep:
            kept -= len(into.pop(0))
    stream.close()


def _result(path: Path, code: int, out: bytes, err: bytes) -> CatalogImport:
    if code != 0:
        complaint = err.decode("utf-8", "replace").strip().splitlines()[-1:]
        if code == 3 or b"MemoryError" in err or b"memory allocation" in err:
            raise CatalogError("too_much_memory", path, str(WORKER_MEMORY_MB))
        if code < 0:  # killed by a signal: SIGABRT from a native abort, SIGKILL...
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            raise CatalogError("reader_failed", path, name)
        raise CatalogError("reader_failed", path, complaint[0] if complaint else f"exit {code}")
    try:
        answer = json.loads(out)
        if "error" in answer:
            error = answer["error"]
            raise CatalogError(str(error["code"]), path, str(error.get("detail", "")))
        return _from_wire(path, answer["catalog"])
    except CatalogError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CatalogError("reader_failed", path, f"unreadable answer: {exc}") from None


# --- the answer, as JSON -----------------------------------------------------------------------
_PROBLEM_FIELDS = ("line", "field", "code", "detail", "kind", "other", "unit")


def _to_wire(found: CatalogImport) -> dict[str, Any]:
    # A product on the wire: a list of its PRODUCT_FIELDS in order (dicts cost twice the time).
    products = []
    for product in found.products:
        row = []
        for name in PRODUCT_FIELDS:
            value = getattr(product, name)
            row.append(str(value) if isinstance(value, Decimal) else value)
        products.append(row)
    return {
        "format": found.format,
        "encoding": found.encoding,
        "products": products,
        "problems": [[getattr(p, f) for f in _PROBLEM_FIELDS] for p in found.problems],
    }


def _from_wire(path: Path, wire: dict[str, Any]) -> CatalogImport:
    found = CatalogImport(path=path, format=str(wire["format"]), encoding=wire["encoding"])
    found.products = [_product(values) for values in wire["products"]]
    problems = []
    for values in wire["problems"]:
        problem = RowProblem(**dict(zip(_PROBLEM_FIELDS, values, strict=True)))
        problem.message("en")  # a code the window cannot word is an unreadable answer
        problems.append(problem)
    found.problems = problems
    return found


def _product(values: list[Any]) -> Product:
    """A product off the wire, checked as a saved product is (`Product.from_dict`), its stock
    in range too; ValueError."""
    product = Product.from_dict(dict(zip(PRODUCT_FIELDS, values, strict=True)))
    if product.stock is not None and abs(product.stock) >= MAX_AMOUNT:
        raise ValueError("stock must be a whole number")
    return product


def _limit_memory() -> None:
    """Cap this process's address space: an allocation past it fails (MemoryError, or calamine
    aborting this process) instead of swapping the computer to a halt."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits (a job object would do it)
        return
    limit = WORKER_MEMORY_MB << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str] | None = None) -> int:
    """The worker: exit 0 with the answer on stdout (the catalog, or the file's CatalogError),
    3 when memory ran out."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: import_worker FILE", file=sys.stderr)
        return 2
    _limit_memory()
    try:
        answer: dict[str, Any] = {"catalog": _to_wire(load_catalog(args[0]))}
    except CatalogError as exc:
        answer = {"error": {"code": exc.code, "detail": exc.detail}}
    except MemoryError:
        return 3
    out = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
