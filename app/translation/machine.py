"""Machine translation behind a narrow interface, with a Null backend for machines without language packs.

A backend translates one piece of English text into one locale at a time; the first pass
(:mod:`app.translation.first_pass`) does the protecting, glossary, memory and bookkeeping around it.
"""

from typing import Protocol

from app.config import Settings


class MachineError(Exception):
    """A clear, user-facing reason why the machine could not translate (or install, or reach the index)."""


class Backend(Protocol):
    def targets(self) -> set[str]:
        """Argos codes of the languages English can be translated into."""

    def producer(self, target: str) -> str:
        """Names what produced a translation, e.g. ``argos translate-en_ar 1.9``: recorded with each segment."""

    def translate(self, text: str, target: str) -> str: ...


class NullBackend:
    """No machine translation: every language waits for people."""

    def targets(self) -> set[str]:
        return set()

    def producer(self, target: str) -> str:
        raise MachineError(f"No machine translation into {target!r} is set up")

    def translate(self, text: str, target: str) -> str:
        raise MachineError(f"No machine translation into {target!r} is set up")


def backend(settings: Settings) -> Backend:
    """The backend the settings choose."""
    if settings.translation_backend == "null":
        return NullBackend()
    from app.translation.argos import ArgosBackend

    return ArgosBackend(settings.data_dir, threads=settings.translation_threads)
