"""What every translation machine offers: the three calls the first pass and the staff pages make."""

from collections.abc import Sequence
from typing import Protocol

from app.i18n.locales import Locale


class MachineError(Exception):
    """A clear, user-facing reason why the machine could not translate (or install, or reach the index)."""


class Machine(Protocol):
    def targets(self, source: Locale) -> set[Locale]:
        """The registry's locales this machine can translate ``source`` into."""

    def producer(self, source: Locale, target: Locale) -> str:
        """Names what translates ``source`` into ``target``, e.g. ``argos translate-en_ar 1.9``: recorded with each
        segment. Raises :class:`MachineError` for a pair the machine cannot translate."""

    def translate(self, source: Locale, target: Locale, texts: Sequence[str]) -> list[str]:
        """The translations of ``texts``, in order. Raises :class:`MachineError` if it cannot translate one of them:
        the batch fails as a whole, so a caller that wants to isolate failures retries the texts one at a time."""
