"""Makes one leaflet PDF in a process of its own, with a memory limit and a time limit, so that a leaflet or a
picture too heavy to draw costs one killed process and a clear message, never a hung or swollen web worker.

The processes are forked from a small server process that has already loaded WeasyPrint (multiprocessing's
"forkserver"): each PDF starts in milliseconds, and no web worker thread is ever forked.
"""

import math
import multiprocessing
import resource
from urllib.parse import urlsplit

import weasyprint

from app.easyread import pictures

BASE = "https://signpost.invalid/"  # pictures are read from the library and the database, never the network
_CONTEXT = multiprocessing.get_context("forkserver")
Uploads = dict[str, tuple[str, bytes]]  # upload name -> (media type, cleaned bytes)
_MADE, _FAILED = b"\x01", b"\x00"


class RenderFailed(RuntimeError):
    """The PDF was not made; the message says why, for the operators' log."""


class Pictures(weasyprint.urls.URLFetcher):
    """Gives WeasyPrint the leaflet's pictures and refuses every other address."""

    def __init__(self, uploads: Uploads) -> None:
        super().__init__(allowed_protocols=["https"])
        self.uploads = uploads

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = parts.path
        if parts.netloc != urlsplit(BASE).netloc or not path.startswith("/pictures/"):
            raise ValueError(f"not a leaflet picture: {url[:80]}")
        source, _, name = path.removeprefix("/pictures/").partition("/")
        if source == "openmoji" and (data := pictures.svg(name.removesuffix(".svg"))) is not None:
            return weasyprint.urls.URLFetcherResponse(url, body=data, headers={"Content-Type": "image/svg+xml"})
        if source == "upload" and name in self.uploads:
            media_type, data = self.uploads[name]
            return weasyprint.urls.URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})
        raise ValueError(f"no such picture: {name[:60]}")


def render(html: str, uploads: Uploads) -> bytes:
    """The PDF, made in this process (the child calls this)."""
    document = weasyprint.HTML(string=html, base_url=BASE, url_fetcher=Pictures(uploads))
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def _limit(kind: int, value: int) -> None:
    """Lower a resource limit of this process to ``value``, or to the hard limit it already has if that is lower
    (a container may set one)."""
    _soft, hard = resource.getrlimit(kind)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (value, value))


def _child(connection, html: str, uploads: Uploads, memory_bytes: int, cpu_seconds: int) -> None:
    """Runs in the child: limit this process, make the PDF, send back the PDF or the reason it was not made
    (plain bytes, never a pickle: the parent trusts nothing the child sends)."""
    _limit(resource.RLIMIT_AS, memory_bytes)
    # Also a CPU limit, so that a child whose parent died cannot run on: the parent normally kills it first.
    _limit(resource.RLIMIT_CPU, cpu_seconds)
    try:
        answer = _MADE + render(html, uploads)
    except MemoryError:
        answer = _FAILED + b"ran out of its memory limit"
    except RecursionError:
        answer = _FAILED + b"a picture or the layout is nested too deeply"
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it and tells the reader
        answer = _FAILED + f"{type(exc).__name__}: {str(exc)[:300]}".encode()
    try:
        connection.send_bytes(answer)
    except MemoryError:
        connection.send_bytes(_FAILED + b"ran out of its memory limit")
    finally:
        connection.close()


def render_in_child(html: str, uploads: Uploads, *, timeout: float, memory_megabytes: int) -> bytes:
    """The PDF, made in a child process that may use at most ``memory_megabytes`` of address space and is
    killed after ``timeout`` seconds; raises :class:`RenderFailed` (with the reason) when it is not made."""
    _CONTEXT.set_forkserver_preload(["__main__", __name__])
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_child,
        name="leaflet-pdf",
        daemon=True,
        args=(sender, html, uploads, memory_megabytes * 1024 * 1024, math.ceil(timeout) + 1),
    )
    try:
        try:
            process.start()
        except Exception as exc:  # noqa: BLE001 - no process (too many open files, a broken fork server...)
            raise RenderFailed(f"could not start a process: {type(exc).__name__}: {exc}") from exc
        sender.close()
        if not receiver.poll(timeout):
            raise RenderFailed(f"took longer than {timeout:g} s")
        try:
            answer = receiver.recv_bytes(memory_megabytes * 1024 * 1024)
        except (EOFError, OSError):
            process.join(1)
            raise RenderFailed(f"the process stopped (exit code {process.exitcode})") from None
        if not answer.startswith(_MADE):
            raise RenderFailed(answer[1:].decode(errors="replace"))
        return answer[1:]
    finally:
        if process.pid is not None:
            if process.is_alive():
                process.kill()
            process.join()
        receiver.close()
        sender.close()
