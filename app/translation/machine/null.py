"""No machine translation: every language waits for people."""

from collections.abc import Sequence

from app.i18n.locales import Locale
from app.translation.machine.base import MachineError


class NullMachine:
    def targets(self, source: Locale) -> set[Locale]:
        return set()

    def producer(self, source: Locale, target: Locale) -> str:
        raise MachineError(f"No machine translation into {target.code!r} is set up")

    def translate(self, source: Locale, target: Locale, texts: Sequence[str]) -> list[str]:
        raise MachineError(f"No machine translation into {target.code!r} is set up")
